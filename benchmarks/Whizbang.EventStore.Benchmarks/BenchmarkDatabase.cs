using Whizbang.Tests.Shared;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// The PostgreSQL server every contender of a run shares: the one named by <c>WHIZBANG_BENCH_POSTGRES</c>, or a
/// throwaway cluster with PostgreSQL's default durability (fsync on), removed when the run ends.
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    public const string ConnectionStringVariable = "WHIZBANG_BENCH_POSTGRES";

    private readonly ThrowawayPostgresCluster? _cluster;

    private BenchmarkDatabase(string connectionString, ThrowawayPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public static async Task<BenchmarkDatabase> StartAsync()
    {
        var named = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return new BenchmarkDatabase(named, cluster: null);
        }

        var cluster = await ThrowawayPostgresCluster.StartAsync(durable: true, $"Set {ConnectionStringVariable} to the connection string of a server where the user may create schemas.");
        Console.WriteLine($"// Benchmarking against {cluster.Description}");
        return new BenchmarkDatabase(cluster.ConnectionString, cluster);
    }

    /// <summary>
    /// Vacuums, analyzes and checkpoints the whole database, so that a contender is not measured while the server
    /// still cleans up after the one before it (autovacuum and checkpoints of another schema's writes).
    /// </summary>
    public async Task SettleAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
            {
                Console.WriteLine($"// {sql} skipped: {e.MessageText}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
