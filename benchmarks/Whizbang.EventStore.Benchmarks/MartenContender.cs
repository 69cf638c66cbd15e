using JasperFx;
using JasperFx.Events;
using Marten;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// Marten with string stream keys, its quick append mode (its fastest: no per-event version round trip) and
/// lightweight sessions, the configuration its documentation recommends for write throughput.
/// </summary>
internal sealed class MartenContender : IContender
{
    private DocumentStore _store = null!;

    public async Task SetUpAsync(string connectionString)
    {
        _store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "marten";
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.AddEventType<Deposited>();
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task AppendStreamAsync(string streamId, Deposited[] events)
    {
        await using var session = _store.LightweightSession();
        session.Events.StartStream(streamId, events);
        await session.SaveChangesAsync();
    }

    public async Task AppendStreamsAsync(IReadOnlyList<string> streamIds, Deposited[] events)
    {
        await using var session = _store.LightweightSession();
        foreach (var streamId in streamIds)
        {
            session.Events.StartStream(streamId, events);
        }

        await session.SaveChangesAsync();
    }

    public async Task<decimal> LoadStreamAsync(string streamId)
    {
        await using var session = _store.QuerySession();
        var total = 0m;
        foreach (var e in await session.Events.FetchStreamAsync(streamId))
        {
            total += ((Deposited)e.Data).Amount;
        }

        return total;
    }

    public async Task<decimal> RehydrateAsync(string streamId)
    {
        await using var session = _store.QuerySession();
        var account = await session.Events.AggregateStreamAsync<MartenAccount>(streamId);
        return account!.Balance;
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}

/// <summary>The account as Marten aggregates it: a public class with Apply methods, found by convention.</summary>
public sealed class MartenAccount
{
    public string Id { get; set; } = string.Empty;

    public decimal Balance { get; set; }

    public void Apply(Deposited e) => Balance += e.Amount;
}
