namespace Whizbang.Messaging;

/// <summary>
/// Declares that a command or query needs no permission: any caller, authenticated or not, may send it.
/// </summary>
/// <remarks>
/// An explicit opt-out, so that "public" is a decision visible in code review rather than a forgotten
/// <see cref="RequiresPermissionAttribute"/>. Analyzer WHIZ103 reports a command or query that declares neither.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class PublicMessageAttribute : Attribute;
