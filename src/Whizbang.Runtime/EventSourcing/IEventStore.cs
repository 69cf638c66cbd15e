namespace Whizbang.EventSourcing;

/// <summary>
/// The contract every event store driver fulfils (in memory, SQLite, PostgreSQL), checked by the same
/// conformance suite. Streams are keyed by tenant and id; appends are atomic: all events or none.
/// </summary>
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

    /// <summary>Reads <paramref name="stream"/> forward from <paramref name="fromVersion"/> (1 for the start); empty when absent.</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads every tenant's events in global order, as <paramref name="options"/> filters them.</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default);

    /// <summary>The stream's current version, or null when it does not exist.</summary>
    ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default);
}
