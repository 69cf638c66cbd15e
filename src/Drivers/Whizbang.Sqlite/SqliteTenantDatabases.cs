using Whizbang.Tenancy;

namespace Whizbang.Sqlite;

/// <summary>
/// A database per tenant on SQLite: each tenant's events, projections, outbox and inbox are kept in a file of its own.
/// Data of no known tenant (dead letters of messages whose tenant is missing or unknown) is kept in the home file. Each
/// file and its tables are created on the tenant's first read or write. Registered in the container by
/// <c>UseSqliteDatabasePerTenant</c>; resolve it (or <see cref="TenantStoreCatalogue"/>) to add tenants while the
/// application runs.
/// </summary>
/// <example>
/// <code>
/// services.AddWhizbang(b => b.UseSqliteDatabasePerTenant("Data Source=home.db", tenants => tenants
///     .Add("acme", "Data Source=tenants/acme.db")
///     .Add("globex", "Data Source=tenants/globex.db")));
/// </code>
/// </example>
public sealed class SqliteTenantDatabases : TenantStoreCatalogue
{
    private static readonly StringComparer FileNames = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly TimeProvider? _clock;

    /// <summary>
    /// Creates a catalogue with no tenants whose home stores use <paramref name="homeConnectionString"/> (for example
    /// <c>"Data Source=home.db"</c>); the stores read <paramref name="clock"/> (the system clock when null).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty or cannot be parsed.</exception>
    /// <example>
    /// <code>
    /// var tenants = new SqliteTenantDatabases("Data Source=home.db").Add("acme", "Data Source=acme.db");
    /// await tenants.StoresOf("acme").Events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, events);
    /// </code>
    /// </example>
    public SqliteTenantDatabases(string homeConnectionString, TimeProvider? clock = null)
        // A file is named as SqliteDatabase.Of names it.
        : base(TenantIsolation.DatabasePerTenant, () => Create(homeConnectionString, clock), Identify(homeConnectionString, nameof(homeConnectionString)), FileNames)
        => _clock = clock;

    /// <summary>
    /// Gives <paramref name="tenant"/> the database <paramref name="connectionString"/> names (for example
    /// <c>"Data Source=tenants/acme.db"</c>). Usable at once, also after the application has started.
    /// </summary>
    /// <returns>This catalogue, to add more tenants.</returns>
    /// <exception cref="ArgumentException">The tenant id is not valid or is in the catalogue already, the connection
    /// string is empty or cannot be parsed, or its file is the home file or another tenant's.</exception>
    /// <example><c>tenants.Add("acme", "Data Source=tenants/acme.db")</c></example>
    public SqliteTenantDatabases Add(string tenant, string connectionString)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        Register(tenant, Identify(connectionString, nameof(connectionString)), nameof(connectionString), () => Create(connectionString, _clock));
        return this;
    }

    private static string Identify(string connectionString, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString, parameterName);
        try
        {
            return SqliteDatabase.Of(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"The connection string cannot be parsed: {error.Message}", parameterName, error);
        }
    }

    private static TenantStores Create(string connectionString, TimeProvider? clock)
        => new(new SqliteEventStore(connectionString, clock), new SqliteProjectionStorage(connectionString, clock), new SqliteMessageStore(connectionString, clock));
}
