using System.Diagnostics;
using System.Diagnostics.Metrics;
using Whizbang.Diagnostics;
using Whizbang.Pipeline;

namespace Whizbang.Tenancy;

/// <summary>
/// The tenant the current code runs for, and the one check every tenant-agnostic API makes before touching another
/// tenant's data. Drivers read <see cref="IsolatedTenant"/> to confine their database transactions.
/// </summary>
public static class TenantContext
{
    private static readonly Counter<long> s_crossings = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.tenancy.cross_tenant_accesses", "{access}", "Accesses to another tenant's data under a CrossTenantAccess grant.");

    /// <summary>
    /// The innermost <see cref="TenantScope"/>'s tenant, else the running dispatch's; null for code outside both
    /// (startup, background workers), which is not confined to a tenant.
    /// </summary>
    public static string? CurrentTenant => TenantScope.Current?.TenantId ?? DispatchContext.Current?.Envelope.TenantId;

    /// <summary>The reason of the open <see cref="CrossTenantAccess"/> grant, or null when cross-tenant access is refused.</summary>
    public static string? CrossTenantReason => CrossTenantAccess.Current?.Reason;

    /// <summary>
    /// The tenant the database must confine the current code to: <see cref="CurrentTenant"/>, or null when the code
    /// may see every tenant (it runs outside any tenant, or inside a cross-tenant grant).
    /// </summary>
    public static string? IsolatedTenant => CrossTenantAccess.Current is null ? CurrentTenant : null;

    /// <summary>
    /// Allows the current code to touch <paramref name="tenant"/>'s data: always within its own tenant or outside any
    /// tenant; across tenants only inside a grant, and then the crossing is counted and added to the current span.
    /// </summary>
    /// <param name="tenant">The tenant whose data is about to be read or written.</param>
    /// <param name="operation">What is about to happen, for the error message (for example <c>"append to stream"</c>).</param>
    /// <param name="subject">What it happens to, quoted after <paramref name="operation"/> (for example a stream id); the message is only built on refusal.</param>
    /// <exception cref="CrossTenantAccessException">The code runs for another tenant and holds no grant.</exception>
    public static void EnsureAccess(string tenant, string operation, string? subject = null) => Ensure(tenant, allTenants: false, operation, subject);

    /// <summary>Allows an operation that spans every tenant (reading the global event log): only outside any tenant or inside a grant.</summary>
    /// <exception cref="CrossTenantAccessException">The code runs for a tenant and holds no grant.</exception>
    public static void EnsureAllTenantsAccess(string operation) => Ensure("*", allTenants: true, operation, subject: null);

    /// <summary>
    /// Runs the rest of the calling async method as system code, outside any tenant: for Whizbang's own workers
    /// (projections) whose work spans every tenant, even when started from code that runs for one.
    /// </summary>
    internal static SystemWork EnterSystemWork()
    {
        var work = new SystemWork(TenantScope.Current, DispatchContext.Current);
        TenantScope.Suspend();
        DispatchContext.Current = null;
        return work;
    }

    /// <summary>Restores the tenant and dispatch that <see cref="EnterSystemWork"/> set aside.</summary>
    internal readonly struct SystemWork(TenantScope? scope, DispatchContext? dispatch) : IDisposable
    {
        public void Dispose()
        {
            TenantScope.Restore(scope);
            DispatchContext.Current = dispatch;
        }
    }

    /// <summary>The usual case (own tenant, or no tenant) costs two reads and allocates nothing.</summary>
    private static void Ensure(string tenant, bool allTenants, string operation, string? subject)
    {
        var current = CurrentTenant;
        if (current is null || (!allTenants && string.Equals(current, tenant, StringComparison.Ordinal)))
        {
            return;
        }

        if (CrossTenantAccess.Current is not { } grant)
        {
            throw new CrossTenantAccessException(current, tenant, subject is null ? operation : $"{operation} '{subject}'");
        }

        s_crossings.Add(1, new(TelemetryTags.Tenant, current), new(TelemetryTags.RequestedTenant, tenant), new(TelemetryTags.CrossTenantReason, grant.Reason));
        Activity.Current?.AddEvent(new ActivityEvent("whizbang.cross_tenant.access", tags: new ActivityTagsCollection
        {
            [TelemetryTags.Tenant] = current,
            [TelemetryTags.RequestedTenant] = tenant,
            [TelemetryTags.CrossTenantReason] = grant.Reason,
        }));
    }
}
