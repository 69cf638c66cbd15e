using System.Collections.Concurrent;
using System.Net.Sockets;
using Npgsql;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// The PostgreSQL server the tests run against, started once per test run: the server named by
/// <c>WHIZBANG_TEST_POSTGRES</c> (a connection string) when set, otherwise a throwaway cluster in a temporary
/// directory on 127.0.0.1 and a free port, removed afterwards. Never skips: without a server every test fails with
/// a message saying how to provide one. Each test class works in schemas of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "WHIZBANG_TEST_POSTGRES";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, string> _classSchemas = new();
    private readonly ConcurrentBag<string> _schemas = [];
    private ThrowawayPostgresCluster? _cluster;
    private NpgsqlDataSource? _dataSource;

    /// <summary>How the server was provided, for test output.</summary>
    public string Description { get; private set; } = "not started";

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A data source shared by the whole run.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            Description = $"the server named by {ConnectionStringVariable}";
        }
        else
        {
            _cluster = await ThrowawayPostgresCluster.StartAsync(
                durable: false,
                $"Set {ConnectionStringVariable} to the connection string of a server where the user may create schemas (for example 'Host=localhost;Username=postgres;Password=secret').");
            ConnectionString = _cluster.ConnectionString;
            Description = _cluster.Description;
        }

        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        }
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"Cannot reach PostgreSQL ({Description}): {error.Message}", error);
        }
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            if (_cluster is null)
            {
                // An existing server outlives the run: take away what the run created there.
                foreach (var schema in _schemas)
                {
                    await using var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                    await drop.ExecuteNonQueryAsync();
                }
            }

            await _dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>The schema a test class works in: the same for every test of the class, different for every class and run.</summary>
    public string SchemaFor(Type testClass)
        => _classSchemas.GetOrAdd(testClass.Name.ToLowerInvariant(), name => Track($"{name}_{_run}"));

    /// <summary>A schema no one has used yet (nothing is created until a store uses it).</summary>
    public string NewSchema(string purpose) => Track($"{purpose}_{Guid.NewGuid().ToString("N")[..12]}");

    /// <summary>A data source of its own, for tests that need separate connection pools.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private string Track(string schema)
    {
        _schemas.Add(schema);
        return schema;
    }
}
