using System.Diagnostics;
using Whizbang.Diagnostics;

namespace Whizbang.Tenancy;

/// <summary>
/// The explicit, audited opt-in to reach other tenants' data. Cross-tenant access is refused by default; inside
/// <c>using (CrossTenantAccess.Begin("monthly revenue report"))</c> it is allowed, every message dispatched and
/// event appended records the reason in its envelope, and each crossing is counted and tagged on the current span.
/// </summary>
/// <remarks>
/// A message whose handling needs it every time says so with <see cref="CrossTenantAttribute"/> instead.
/// Analyzer WHIZ105 reports calls to cross-tenant APIs outside either.
/// </remarks>
public sealed class CrossTenantAccess : IDisposable
{
    private static readonly AmbientSlot<CrossTenantAccess> s_slot = new();
    private readonly CrossTenantAccess? _previous;
    private bool _disposed;

    private CrossTenantAccess(string reason)
    {
        Reason = reason;
        _previous = s_slot.Enter(this);
    }

    /// <summary>The innermost open grant on this async flow, or null when cross-tenant access is refused.</summary>
    public static CrossTenantAccess? Current => s_slot.Current;

    /// <summary>Why the code inside needs other tenants' data, as recorded in envelopes and telemetry.</summary>
    public string Reason { get; }

    /// <summary>Allows cross-tenant access until disposed.</summary>
    /// <exception cref="ArgumentException">The reason is empty or whitespace: an audit trail needs one.</exception>
    public static CrossTenantAccess Begin(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var grant = new CrossTenantAccess(reason);
        Activity.Current?.AddEvent(new ActivityEvent("whizbang.cross_tenant.begin", tags: new ActivityTagsCollection { [TelemetryTags.CrossTenantReason] = reason }));
        return grant;
    }

    /// <summary>Ends the grant, restoring the enclosing one (if any).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        s_slot.Leave(this, _previous);
    }
}
