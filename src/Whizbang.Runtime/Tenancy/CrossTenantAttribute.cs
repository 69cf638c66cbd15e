namespace Whizbang.Tenancy;

/// <summary>
/// Marks a command or query whose handling reaches across tenants (an administration report, a migration): the
/// dispatch runs inside a <see cref="CrossTenantAccess"/> grant with this reason, recorded in its envelope.
/// </summary>
/// <remarks>
/// Handlers of such messages may take tenant-agnostic services and call cross-tenant APIs (analyzers WHIZ105 and
/// WHIZ106 accept them). Permissions still apply: pair it with <see cref="Messaging.RequiresPermissionAttribute"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class CrossTenantAttribute(string reason) : Attribute
{
    /// <summary>Why handling this message needs other tenants' data.</summary>
    public string Reason { get; } = reason;
}
