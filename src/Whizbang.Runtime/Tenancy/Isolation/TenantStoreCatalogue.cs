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

    // Each place in use (a schema, a database), and the tenant it keeps (null: the home).
    private readonly Dictionary<string, string?> _places;
    private ImmutableDictionary<string, Entry> _tenants = ImmutableDictionary.Create<string, Entry>(StringComparer.Ordinal);
    private Action<string>? _added;

    /// <summary>
    /// Creates the catalogue; <paramref name="home"/> creates the stores of data that belongs to no known tenant, kept at
    /// <paramref name="homePlace"/> (a schema name, a database), which no tenant may then use. <paramref name="places"/>
    /// says when two places are the same (ordinal by default).
    /// </summary>
    protected TenantStoreCatalogue(TenantIsolation isolation, Func<TenantStores> home, string? homePlace = null, IEqualityComparer<string>? places = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        Isolation = isolation;
        _home = new Lazy<TenantStores>(home);
        _places = new Dictionary<string, string?>(places ?? StringComparer.Ordinal);
        if (homePlace is not null)
        {
            _places.Add(homePlace, null);
        }
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
        return Volatile.Read(ref _tenants).TryGetValue(tenant, out var entry) ? entry.Stores.Value : throw new UnknownTenantException(tenant, Isolation);
    }

    /// <summary>Adds <paramref name="tenant"/>, whose stores <paramref name="create"/> makes on first use.</summary>
    /// <exception cref="ArgumentException">The tenant id is not valid, or the tenant is known already.</exception>
    protected void Register(string tenant, Func<TenantStores> create) => Register(tenant, place: null, nameof(tenant), create);

    /// <summary>
    /// Adds <paramref name="tenant"/>, whose data is kept at <paramref name="place"/> (a schema name, a database) by the
    /// stores <paramref name="create"/> makes on first use.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The tenant id is not valid, the tenant is known already, or the place is the home's or another tenant's (reported
    /// against <paramref name="placeParameter"/>).
    /// </exception>
    protected void Register(string tenant, string? place, string placeParameter, Func<TenantStores> create)
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

            if (place is not null && _places.TryGetValue(place, out var owner))
            {
                var kind = Isolation == TenantIsolation.SchemaPerTenant ? "schema" : "database";
                throw new ArgumentException(
                    owner is null
                        ? $"{DescribePlace(place)} is the home {kind}, which keeps data of no known tenant; give tenant '{tenant}' a {kind} of its own."
                        : $"{DescribePlace(place)} is tenant '{owner}''s already; give tenant '{tenant}' a {kind} of its own.",
                    placeParameter);
            }

            if (place is not null)
            {
                _places.Add(place, tenant);
            }

            Volatile.Write(ref _tenants, _tenants.Add(tenant, new Entry(new Lazy<TenantStores>(create), place)));
            added = _added;
        }

        added?.Invoke(tenant);
    }

    /// <summary>Where <paramref name="tenant"/>'s data is kept, as its <c>Register</c> call named it.</summary>
    /// <exception cref="UnknownTenantException">The tenant is not in the catalogue.</exception>
    protected string? PlaceOf(string tenant)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        return Volatile.Read(ref _tenants).TryGetValue(tenant, out var entry) ? entry.Place : throw new UnknownTenantException(tenant, Isolation);
    }

    /// <summary>A place as error messages name it: <c>Schema 'x'</c> or <c>Database 'x'</c>.</summary>
    protected virtual string DescribePlace(string place) => $"{(Isolation == TenantIsolation.SchemaPerTenant ? "Schema" : "Database")} '{place}'";

    /// <summary>
    /// Calls <paramref name="onAdded"/> for every tenant known now and every tenant added later, once each, until the
    /// returned subscription is disposed.
    /// </summary>
    internal IDisposable Watch(Action<string> onAdded)
    {
        ImmutableDictionary<string, Entry> known;
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

    private sealed record Entry(Lazy<TenantStores> Stores, string? Place);

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
