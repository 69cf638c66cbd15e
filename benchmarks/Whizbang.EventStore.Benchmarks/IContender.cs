namespace Whizbang.EventStore.Benchmarks;

/// <summary>One event store under test, holding the same events in a schema of its own on the shared server.</summary>
internal interface IContender : IAsyncDisposable
{
    /// <summary>Creates the contender's schema (outside any measurement).</summary>
    Task SetUpAsync(string connectionString);

    /// <summary>Starts one new stream holding <paramref name="events"/>, in one transaction.</summary>
    Task AppendStreamAsync(string streamId, Deposited[] events);

    /// <summary>Starts every stream of <paramref name="streamIds"/>, each holding <paramref name="events"/>, in one transaction.</summary>
    Task AppendStreamsAsync(IReadOnlyList<string> streamIds, Deposited[] events);

    /// <summary>Reads a stream and deserializes its events; returns their total so no work can be skipped.</summary>
    Task<decimal> LoadStreamAsync(string streamId);

    /// <summary>Rebuilds the account aggregate of a stream through the contender's aggregate API; returns its balance.</summary>
    Task<decimal> RehydrateAsync(string streamId);
}
