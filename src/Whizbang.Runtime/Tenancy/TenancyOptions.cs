namespace Whizbang.Tenancy;

/// <summary>How Whizbang treats tenants: the limits each one gets and the claim types the authorization stage reads.</summary>
public sealed class TenancyOptions
{
    private readonly Dictionary<string, TenantLimits> _limits = new(StringComparer.Ordinal);

    /// <summary>The limits of every tenant without its own (<see cref="SetLimits"/>). No limit by default.</summary>
    public TenantLimits DefaultLimits
    {
        get;
        set => field = (value ?? throw new ArgumentNullException(nameof(value))).Validated();
    } = TenantLimits.None;

    /// <summary>The claim type whose values are the principal's permissions. <c>"permission"</c> by default.</summary>
    public string PermissionClaimType
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A permission claim type is required.", nameof(value)) : value;
    } = "permission";

    /// <summary>Gives <paramref name="tenant"/> its own limits instead of <see cref="DefaultLimits"/>.</summary>
    /// <exception cref="ArgumentException">The tenant id is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public TenancyOptions SetLimits(string tenant, TenantLimits limits)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        ArgumentNullException.ThrowIfNull(limits);
        _limits[tenant] = limits.Validated();
        return this;
    }

    /// <summary>The limits that apply to <paramref name="tenant"/>.</summary>
    public TenantLimits LimitsFor(string tenant) => _limits.GetValueOrDefault(tenant) ?? DefaultLimits;

    internal bool HasLimits => DefaultLimits != TenantLimits.None || _limits.Count > 0;
}
