using System.Collections.Immutable;

namespace Whizbang.Tenancy;

/// <summary>
/// The tenants whose data is kept in a schema or database of their own, and the stores of each. A driver's
/// <c>UseXxxPerTenant</c> call registers one in the container; Whizbang routes every tenant's reads and writes to its
/// stores and runs a projection daemon, an outbox relay and a purge per tenant. Tenants added while the application
/// runs (<c>Add</c> on the driver's catalogue) are served at once, and their background work starts.
/// </summary>
/// <remarks>
/// A tenant's stores are created when first used. Data that belongs to no known tenant (dead letters of received
/// messages whose tenant is missing or unknown) is kept in the <see cref="Home"/> stores.
/// </remarks>
public abstract class TenantStoreCatalogue
{
    private readonly Lock _gate = new();
    private readonly Lazy<TenantStores> _home;
    private ImmutableDictionary<string, Lazy<TenantStores>> _tenants = ImmutableDictionary.Create<string, Lazy<TenantStores>>(StringComparer.Ordinal);
    private Action<string>? _added;

    /// <summary>Creates the catalogue; <paramref name="home"/> creates the stores of data that belongs to no known tenant.</summary>
    protected TenantStoreCatalogue(TenantIsolation isolation, Func<TenantStores> home)
    {
        ArgumentNullException.ThrowIfNull(home);
        Isolation = isolation;
        _home = new Lazy<TenantStores>(home);
    }

    /// <summary>How the catalogue keeps tenants apart.</summary>
    public TenantIsolation Isolation { get; }

    /// <summary>The known tenants.</summary>
    public IReadOnlyCollection<string> Tenants => Volatile.Read(ref _tenants).Keys.ToArray();

    /// <summary>The stores of data that belongs to no known tenant: dead letters of messages whose tenant is missing or unknown.</summary>
    public TenantStores Home => _home.Value;

    /// <summary>Whether <paramref name="tenant"/> has stores of its own.</summary>
    public bool Contains(string tenant) => tenant is not null && Volatile.Read(ref _tenants).ContainsKey(tenant);

    /// <summary>The stores of <paramref name="tenant"/>.</summary>
    /// <exception cref="UnknownTenantException">The tenant has no schema or database of its own.</exception>
    public TenantStores StoresOf(string tenant)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        return Volatile.Read(ref _tenants).TryGetValue(tenant, out var stores) ? stores.Value : throw new UnknownTenantException(tenant, Isolation);
    }

    /// <summary>Adds <paramref name="tenant"/>, whose stores <paramref name="create"/> makes on first use.</summary>
    /// <exception cref="ArgumentException">The tenant id is not valid, or the tenant is known already.</exception>
    protected void Register(string tenant, Func<TenantStores> create)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        ArgumentNullException.ThrowIfNull(create);
        Action<string>? added;
        lock (_gate)
        {
            if (_tenants.ContainsKey(tenant))
            {
                throw new ArgumentException($"Tenant '{tenant}' is in the catalogue already.", nameof(tenant));
            }

            Volatile.Write(ref _tenants, _tenants.Add(tenant, new Lazy<TenantStores>(create)));
            added = _added;
        }

        added?.Invoke(tenant);
    }

    /// <summary>
    /// Calls <paramref name="onAdded"/> for every tenant known now and every tenant added later, once each, until the
    /// returned subscription is disposed.
    /// </summary>
    internal IDisposable Watch(Action<string> onAdded)
    {
        ImmutableDictionary<string, Lazy<TenantStores>> known;
        lock (_gate)
        {
            _added += onAdded;
            known = _tenants;
        }

        foreach (var tenant in known.Keys)
        {
            onAdded(tenant);
        }

        return new Subscription(this, onAdded);
    }

    private sealed class Subscription(TenantStoreCatalogue catalogue, Action<string> onAdded) : IDisposable
    {
        public void Dispose()
        {
            lock (catalogue._gate)
            {
                catalogue._added -= onAdded;
            }
        }
    }
}
