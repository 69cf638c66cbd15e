namespace Whizbang.EventSourcing;

/// <summary>
/// The contract every event store driver fulfils (in memory, SQLite, PostgreSQL), checked by the same
/// conformance suite. Streams are keyed by tenant and id; appends are atomic: all events or none.
/// </summary>
/// <remarks>
/// A driver reaches every tenant. The store that <c>AddWhizbang</c> registers wraps it in the tenant policy: code
/// running for one tenant is refused other tenants' streams and the global log without a cross-tenant grant, and
/// appends are held to <c>TenantLimits</c>.
/// </remarks>
[Tenancy.TenantAgnostic]
public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="stream"/> atomically when the stream is at
    /// <paramref name="expected"/>. Of several writers racing for the same version exactly one succeeds.
    /// </summary>
    /// <exception cref="ConcurrencyException">The stream was not at the expected version; nothing was written.</exception>
    /// <exception cref="ArgumentException">
    /// No events, a null event, an event without a name, or an event id already stored; nothing was written.
    /// </exception>
    ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends to several streams in one transaction: every stream must be at its expected version, and either
    /// every event is written or none is. The results are in the order of <paramref name="appends"/>.
    /// </summary>
    /// <exception cref="ConcurrencyException">One stream was not at its expected version; nothing was written.</exception>
    /// <exception cref="ArgumentException">
    /// No appends, a stream named twice, or any part that the single-stream append refuses; nothing was written.
    /// </exception>
    ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default);

    /// <summary>Reads <paramref name="stream"/> forward from <paramref name="fromVersion"/> (1 for the start); empty when absent.</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads every tenant's events in global order, as <paramref name="options"/> filters them.</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many events <see cref="ReadAllAsync"/> would return with <paramref name="options"/> if it had no
    /// <see cref="ReadAllOptions.MaxCount"/>: for example how far a projection is behind its checkpoint.
    /// </summary>
    ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default);

    /// <summary>The stream's current version, or null when it does not exist.</summary>
    ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default);

    /// <summary>How many streams <paramref name="tenant"/> has; deleted streams do not count. Used to enforce <c>TenantLimits.MaxStreams</c>.</summary>
    /// <exception cref="ArgumentException">The tenant id is not valid.</exception>
    ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="stream"/> and its events for good (for example to honour an erasure request),
    /// in the stream's tenant only. The stream id may be used again afterwards, from version 1.
    /// </summary>
    /// <param name="stream">The stream to delete.</param>
    /// <param name="expected">Any, or the exact version the stream must be at; no stream is refused.</param>
    /// <param name="cancellationToken">Cancels the delete; nothing is deleted then.</param>
    /// <returns>True when the stream existed and was deleted; false when there was no such stream and <paramref name="expected"/> is any.</returns>
    /// <exception cref="ConcurrencyException">The stream was not at the expected version; nothing was deleted.</exception>
    ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default);
}
