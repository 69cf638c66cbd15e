using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// Reading: loading 1,000 streams of 10 events one after the other (one operation is one stream), and rebuilding an
/// aggregate from a stream of 1,000 events (one operation is one rebuild). Events are deserialized in both.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ReadBenchmarks
{
    private const int Streams = 1_000;
    private const int StreamLength = 10;
    private const int LongStreamLength = 1_000;
    private const string LongStream = "account-long";

    private readonly string[] _streamIds = Enumerable.Range(0, Streams).Select(i => $"account-{i}").ToArray();
    private BenchmarkDatabase _database = null!;
    private IContender _contender = null!;

    [Params(Contenders.Whizbang, Contenders.Marten, Contenders.Npgsql)]
    public string Store { get; set; } = Contenders.Whizbang;

    [GlobalSetup]
    public async Task SetUp()
    {
        _database = await BenchmarkDatabase.StartAsync();
        _contender = Contenders.Create(Store);
        await _contender.SetUpAsync(_database.ConnectionString);
        var events = Enumerable.Range(1, StreamLength).Select(i => new Deposited(i)).ToArray();
        foreach (var batch in _streamIds.Chunk(100))
        {
            await _contender.AppendStreamsAsync(batch, events);
        }

        await _contender.AppendStreamAsync(LongStream, Enumerable.Range(1, LongStreamLength).Select(i => new Deposited(i)).ToArray());
        Check(await _contender.LoadStreamAsync(_streamIds[0]), 55m, "a 10-event stream");
        Check(await _contender.RehydrateAsync(LongStream), LongStreamLength * (LongStreamLength + 1) / 2m, "the 1,000-event aggregate");
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _contender.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Streams)]
    [BenchmarkCategory("Load a stream of 10")]
    public async Task<decimal> LoadStreams()
    {
        var total = 0m;
        foreach (var id in _streamIds)
        {
            total += await _contender.LoadStreamAsync(id);
        }

        return total;
    }

    [Benchmark]
    [BenchmarkCategory("Rehydrate an aggregate of 1,000 events")]
    public Task<decimal> Rehydrate() => _contender.RehydrateAsync(LongStream);

    private void Check(decimal actual, decimal expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{Store} read {actual} from {what}, expected {expected}: the contender is broken.");
        }
    }
}
