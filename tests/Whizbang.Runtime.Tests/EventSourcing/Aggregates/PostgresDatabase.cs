using System.Collections.Concurrent;
using Npgsql;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

/// <summary>
/// The PostgreSQL server for the aggregate tests, started on first use: the server named by
/// <c>WHIZBANG_TEST_POSTGRES</c>, else a throwaway cluster. Never skips: without a server the tests that need it fail
/// saying how to provide one. Each test gets a schema of its own, dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private const string ConnectionStringVariable = "WHIZBANG_TEST_POSTGRES";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentBag<string> _schemas = [];
    private ThrowawayPostgresCluster? _cluster;
    private NpgsqlDataSource? _dataSource;

    public async Task<NpgsqlDataSource> DataSourceAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_dataSource is null)
            {
                var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    _cluster = await ThrowawayPostgresCluster.StartAsync(
                        durable: false, $"Set {ConnectionStringVariable} to the connection string of a server where the user may create schemas.");
                    connectionString = _cluster.ConnectionString;
                }

                _dataSource = NpgsqlDataSource.Create(connectionString);
            }

            return _dataSource;
        }
        finally
        {
            _gate.Release();
        }
    }

    public string NewSchema()
    {
        var schema = "aggregates_" + Guid.NewGuid().ToString("N")[..12];
        _schemas.Add(schema);
        return schema;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (_dataSource is not null)
            {
                if (_cluster is null)
                {
                    // An existing server outlives the run: take away what the tests created there. A throwaway cluster is deleted whole.
                    foreach (var schema in _schemas)
                    {
                        await using var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                        await drop.ExecuteNonQueryAsync();
                    }
                }

                await _dataSource.DisposeAsync();
            }
        }
        finally
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
