using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.Tenancy;

namespace Whizbang.Postgres;

/// <summary>
/// A database per tenant on PostgreSQL: each tenant's events, projections, outbox and inbox are kept in a database of
/// its own (on the same server or another), in the configured <see cref="PostgresEventStoreOptions.Schema"/> there.
/// Data of no known tenant (dead letters of messages whose tenant is missing or unknown) is kept in the home database.
/// Each tenant's schema is created or migrated when its stores are first used; the databases themselves must exist.
/// Registered in the container by <c>UsePostgresDatabasePerTenant</c>; resolve it (or <see cref="TenantStoreCatalogue"/>)
/// to add tenants while the application runs.
/// </summary>
/// <remarks>
/// A tenant added with a connection string gets an <see cref="NpgsqlDataSource"/> that the catalogue creates on the
/// tenant's first use and disposes with itself (the container disposes the catalogue it created). Data sources passed
/// in, the home one included, stay the caller's.
/// </remarks>
/// <example>
/// <code>
/// services.AddWhizbang(b => b.UsePostgresDatabasePerTenant(homeDataSource, tenants => tenants
///     .Add("acme", "Host=db1;Database=acme;Username=app")
///     .Add("globex", globexDataSource)));
///
/// // Later, when a tenant signs up and its database has been created:
/// app.Services.GetRequiredService&lt;PostgresTenantDatabases&gt;().Add("initech", "Host=db2;Database=initech;Username=app");
/// </code>
/// </example>
public sealed class PostgresTenantDatabases : TenantStoreCatalogue, IAsyncDisposable, IDisposable
{
    private readonly PostgresStoreFactory _stores;
    private readonly Lock _gate = new();
    private readonly List<NpgsqlDataSource> _created = [];
    private bool _disposed;

    /// <summary>
    /// Creates a catalogue with no tenants whose home stores use <paramref name="home"/> (the caller keeps owning it).
    /// Every tenant's stores use <paramref name="options"/>' schema, <see cref="PostgresEventStoreOptions.PrepareStatements"/>
    /// and <see cref="PostgresEventStoreOptions.RequireRowLevelSecurity"/> in the tenant's database. The options are read
    /// now; later changes to them are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The options' schema is not a valid schema name.</exception>
    /// <example>
    /// <code>
    /// await using var tenants = new PostgresTenantDatabases(homeDataSource).Add("acme", "Host=db1;Database=acme;Username=app");
    /// await tenants.StoresOf("acme").Events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, events);
    /// </code>
    /// </example>
    public PostgresTenantDatabases(NpgsqlDataSource home, PostgresEventStoreOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
        : this(home ?? throw new ArgumentNullException(nameof(home)), new PostgresStoreFactory(options, clock, loggerFactory))
    {
    }

    private PostgresTenantDatabases(NpgsqlDataSource home, PostgresStoreFactory stores)
        : base(TenantIsolation.DatabasePerTenant, () => stores.Create(home, stores.Options.Schema), Identify(home.ConnectionString))
        => _stores = stores;

    /// <summary>
    /// Gives <paramref name="tenant"/> the database <paramref name="dataSource"/> connects to, which stays the caller's
    /// to dispose (after the application stops). Usable at once, also after the application has started.
    /// </summary>
    /// <returns>This catalogue, to add more tenants.</returns>
    /// <exception cref="ArgumentException">The tenant id is not valid or is in the catalogue already, or the database
    /// (the same host, port and database name) is the home database or another tenant's.</exception>
    /// <example><c>tenants.Add("globex", NpgsqlDataSource.Create("Host=db1;Database=globex;Username=app"))</c></example>
    public PostgresTenantDatabases Add(string tenant, NpgsqlDataSource dataSource)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        ArgumentNullException.ThrowIfNull(dataSource);
        Register(tenant, Identify(dataSource.ConnectionString), nameof(dataSource), () => _stores.Create(dataSource, _stores.Options.Schema));
        return this;
    }

    /// <summary>
    /// Gives <paramref name="tenant"/> the database <paramref name="connectionString"/> names. The catalogue creates an
    /// <see cref="NpgsqlDataSource"/> for it on the tenant's first use, and disposes it with itself. Usable at once, also
    /// after the application has started.
    /// </summary>
    /// <returns>This catalogue, to add more tenants.</returns>
    /// <exception cref="ArgumentException">The tenant id is not valid or is in the catalogue already, the connection
    /// string cannot be parsed, or the database (the same host, port and database name) is the home database or another
    /// tenant's.</exception>
    /// <example><c>tenants.Add("acme", "Host=db1;Database=acme;Username=app;Password=...")</c></example>
    public PostgresTenantDatabases Add(string tenant, string connectionString)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Register(tenant, Identify(connectionString), nameof(connectionString), () => _stores.Create(Create(connectionString), _stores.Options.Schema));
        return this;
    }

    /// <summary>Disposes the data sources the catalogue created for tenants added with a connection string; the tenants' stores cannot be used afterwards.</summary>
    /// <example><c>await using var tenants = new PostgresTenantDatabases(homeDataSource).Add("acme", connectionString);</c></example>
    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in TakeCreated())
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the data sources the catalogue created for tenants added with a connection string; the tenants' stores cannot be used afterwards.</summary>
    /// <example><c>using var tenants = new PostgresTenantDatabases(homeDataSource).Add("acme", connectionString);</c></example>
    public void Dispose()
    {
        foreach (var dataSource in TakeCreated())
        {
            dataSource.Dispose();
        }
    }

    /// <summary>
    /// What makes a database the same one whichever way it is reached: the host(s), the port and the database name
    /// (PostgreSQL's default, the user name, when none is given). Two connection strings that differ only in user,
    /// password or pool settings still lead to the same tables.
    /// </summary>
    /// <remarks>Written as error messages name it: <c>'acme' on db1:5432</c>.</remarks>
    private static string Identify(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ArgumentException($"The connection string cannot be parsed: {error.Message}", nameof(connectionString), error);
        }

        return $"'{builder.Database ?? builder.Username}' on {(builder.Host ?? string.Empty).Trim().ToLowerInvariant()}:{builder.Port}";
    }

    /// <inheritdoc />
    protected override string DescribePlace(string place) => "Database " + place;

    private NpgsqlDataSource Create(string connectionString)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            if (_stores.LoggerFactory is not null)
            {
                builder.UseLoggerFactory(_stores.LoggerFactory);
            }

            var dataSource = builder.Build();
            _created.Add(dataSource);
            return dataSource;
        }
    }

    private NpgsqlDataSource[] TakeCreated()
    {
        lock (_gate)
        {
            _disposed = true;
            NpgsqlDataSource[] created = [.. _created];
            _created.Clear();
            return created;
        }
    }
}
