using Whizbang.EventSourcing;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

/// <summary>An in-memory store that counts the writes it receives, to show what reaches the store.</summary>
internal sealed class CountingEventStore : IEventStore
{
    private readonly InMemoryEventStore _inner = new();

    public int SingleStreamAppends { get; private set; }

    public int MultiStreamAppends { get; private set; }

    public ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        SingleStreamAppends++;
        return _inner.AppendAsync(stream, expected, events, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        MultiStreamAppends++;
        return _inner.AppendAsync(appends, cancellationToken);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
        => _inner.ReadStreamAsync(stream, fromVersion, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => _inner.ReadAllAsync(options, cancellationToken);

    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => _inner.CountAsync(options, cancellationToken);

    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
        => _inner.GetStreamVersionAsync(stream, cancellationToken);

    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
        => _inner.CountStreamsAsync(tenant, cancellationToken);

    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
        => _inner.DeleteStreamAsync(stream, expected, cancellationToken);
}
