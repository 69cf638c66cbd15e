using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// Appending 100,000 small events in new streams of 10: one transaction per stream (10,000 transactions), and 100
/// streams per transaction (100 transactions). One operation is one event, so Mean is the time per event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AppendBenchmarks
{
    private const int Events = 100_000;
    private const int StreamLength = 10;
    private const int StreamsPerTransaction = 100;

    private readonly Deposited[] _events = Enumerable.Range(1, StreamLength).Select(i => new Deposited(i * 1.25m)).ToArray();
    private BenchmarkDatabase _database = null!;
    private IContender _contender = null!;
    private int _invocation;

    [Params(Contenders.Whizbang, Contenders.Marten, Contenders.Npgsql)]
    public string Store { get; set; } = Contenders.Whizbang;

    [GlobalSetup]
    public async Task SetUp()
    {
        _database = await BenchmarkDatabase.StartAsync();
        _contender = Contenders.Create(Store);
        await _contender.SetUpAsync(_database.ConnectionString);
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _contender.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("Append, one transaction per stream")]
    public async Task StreamPerTransaction()
    {
        var prefix = NextPrefix();
        for (var stream = 0; stream < Events / StreamLength; stream++)
        {
            await _contender.AppendStreamAsync(prefix + stream, _events);
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    [BenchmarkCategory("Append, 100 streams per transaction")]
    public async Task StreamsPerTransactionOf100()
    {
        var prefix = NextPrefix();
        var ids = new string[StreamsPerTransaction];
        for (var batch = 0; batch < Events / StreamLength / StreamsPerTransaction; batch++)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = prefix + (batch * StreamsPerTransaction + i);
            }

            await _contender.AppendStreamsAsync(ids, _events);
        }
    }

    // Every invocation starts new streams, so each append creates its streams as a real application would.
    private string NextPrefix() => $"account-{Environment.ProcessId}-{++_invocation}-";
}
