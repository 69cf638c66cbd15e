namespace Whizbang.Messaging;

/// <summary>
/// Declares a permission the current principal must hold for this command or query to run. Apply it once per
/// required permission: with several, the principal needs every one of them.
/// </summary>
/// <remarks>
/// The pipeline's authorization stage checks the principal before the handler runs; a denied message runs no
/// handler and appends nothing. A message that needs no permission says so with <see cref="PublicMessageAttribute"/>
/// instead. Analyzer WHIZ103 reports a command or query that declares neither.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class RequiresPermissionAttribute(string permission) : Attribute
{
    /// <summary>The permission required, for example <c>"orders.place"</c>.</summary>
    public string Permission { get; } = permission;
}
