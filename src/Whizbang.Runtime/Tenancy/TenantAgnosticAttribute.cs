namespace Whizbang.Tenancy;

/// <summary>
/// Marks a service that reaches every tenant's data (on a type), or a member that leaves the current tenant (on a
/// method, such as <c>IRepository&lt;T&gt;.ForTenant</c>). Apply it to your own such services too.
/// </summary>
/// <remarks>
/// Analyzer WHIZ105 reports calls to such members outside a cross-tenant scope; WHIZ106 reports a handler of a
/// tenant-scoped message that takes such a service.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class TenantAgnosticAttribute : Attribute;
