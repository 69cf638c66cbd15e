using Npgsql;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// A class fixture: a login role that row-level security applies to (no SUPERUSER, no BYPASSRLS, no other
/// attributes), owning the test class's schema, as docs/postgres-tenancy.md tells applications to set up. Created on
/// first use by the superuser of <see cref="PostgresServer"/>; the schema and the role are dropped after the class.
/// </summary>
public sealed class PostgresAppRole : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _server;
    private NpgsqlDataSource? _dataSource;

    /// <summary>The role's name, unique per class and run.</summary>
    public string Role { get; } = "whizbang_app_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The schema the role owns.</summary>
    public string Schema { get; private set; } = string.Empty;

    /// <summary>How to connect as the role (its schema first on the search path).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>
    /// Creates the role and a schema named after <paramref name="purpose"/> (<see cref="Schema"/>), owned by it, once;
    /// returns a data source connecting as the role.
    /// </summary>
    public async Task<NpgsqlDataSource> ConnectAsync(PostgresServer server, string purpose)
    {
        await _gate.WaitAsync();
        try
        {
            if (_dataSource is not null)
            {
                return _dataSource;
            }

            // The password matters only on servers that ask for one (the throwaway cluster trusts local connections).
            var password = Guid.NewGuid().ToString("N");
            var schema = server.NewSchema(purpose);
            await server.ExecuteAsync($"""
                CREATE ROLE "{Role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '{password}';
                CREATE SCHEMA "{schema}" AUTHORIZATION "{Role}";
                """);
            (_server, Schema) = (server, schema);
            ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = Role, Password = password, SearchPath = schema }.ConnectionString;
            _dataSource = NpgsqlDataSource.Create(ConnectionString);
            return _dataSource;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _server.ExecuteAsync($"""DROP SCHEMA IF EXISTS "{Schema}" CASCADE; DROP ROLE IF EXISTS "{Role}";""");
        }

        _gate.Dispose();
    }
}
