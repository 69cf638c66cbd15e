using System.Security.Claims;

namespace Whizbang.Tenancy;

/// <summary>
/// Establishes the tenant (and, when known, the principal) for the code that runs inside it: every dispatch,
/// repository, projection store and database transaction started on this async flow uses it. Web hosts get one
/// per request from <c>UseWhizbangTenancy()</c>; jobs and tests open one explicitly.
/// </summary>
/// <example>
/// <code>
/// using (TenantScope.Begin("acme", user))
/// {
///     await whizbang.Send(new PlaceOrder(...));
/// }
/// </code>
/// </example>
public sealed class TenantScope : IDisposable
{
    private static readonly AmbientSlot<TenantScope> s_slot = new();
    private readonly TenantScope? _previous;
    private bool _disposed;

    private TenantScope(string tenantId, ClaimsPrincipal? principal)
    {
        TenantId = tenantId;
        Principal = principal;
        _previous = s_slot.Enter(this);
    }

    /// <summary>The innermost open scope on this async flow, or null when none is open.</summary>
    public static TenantScope? Current => s_slot.Current;

    /// <summary>The tenant of the code running inside the scope.</summary>
    public string TenantId { get; }

    /// <summary>The authenticated caller, when known; the authorization stage checks its permissions.</summary>
    public ClaimsPrincipal? Principal { get; }

    /// <summary>Opens a scope for <paramref name="tenantId"/>; disposing it restores the enclosing one.</summary>
    /// <remarks>Inside code already running for another tenant this is a cross-tenant access: it needs a <see cref="CrossTenantAccess"/> grant.</remarks>
    /// <exception cref="ArgumentException">The tenant id is empty, over-long, or contains control characters or lone surrogates.</exception>
    /// <exception cref="CrossTenantAccessException">The code runs for another tenant and holds no grant.</exception>
    public static TenantScope Begin(string tenantId, ClaimsPrincipal? principal = null)
    {
        TenantIds.Validate(tenantId, nameof(tenantId));
        TenantContext.EnsureAccess(tenantId, "open a scope");
        return new TenantScope(tenantId, principal);
    }

    internal static void Suspend() => s_slot.Current = null;

    internal static void Restore(TenantScope? scope) => s_slot.Current = scope;

    /// <summary>Closes the scope, restoring the one that was current when it was opened.</summary>
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
