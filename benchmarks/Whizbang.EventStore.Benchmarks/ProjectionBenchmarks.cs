using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// Catching a projection up over 100,000 events (10,000 accounts of 10 deposits) into a PostgreSQL read model of one
/// document per account: each invocation rebuilds the projection from the first event. One operation is one event,
/// so Mean is the time per event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ProjectionBenchmarks
{
    private const int Accounts = 10_000;
    private const int DepositsPerAccount = 10;

    private BenchmarkDatabase _database = null!;
    private IProjectionContender _contender = null!;

    [Params(Contenders.Whizbang, Contenders.Marten)]
    public string Store { get; set; } = Contenders.Whizbang;

    [GlobalSetup]
    public async Task SetUp()
    {
        _database = await BenchmarkDatabase.StartAsync();
        _contender = Store == Contenders.Whizbang ? new WhizbangProjectionContender() : new MartenProjectionContender();
        await _contender.SetUpAsync(_database.ConnectionString, Accounts, DepositsPerAccount);
        await _database.SettleAsync();
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        // Every account has deposits of 1..10: a wrong catch-up must not pass for a fast one.
        var balance = await _contender.BalanceAsync(Accounts / 2);
        if (balance != Enumerable.Range(1, DepositsPerAccount).Sum())
        {
            throw new InvalidOperationException($"{Store} built a balance of {balance}.");
        }

        await _contender.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Accounts * DepositsPerAccount)]
    public Task CatchUp() => _contender.RebuildAsync();
}

/// <summary>One projection engine: seeded once, then rebuilt from the first event by each invocation.</summary>
internal interface IProjectionContender : IAsyncDisposable
{
    Task SetUpAsync(string connectionString, int accounts, int depositsPerAccount);

    Task RebuildAsync();

    Task<decimal> BalanceAsync(int account);
}
