using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>
/// The event store the application sees when it has inline projections: appends of events an inline projection
/// applies go through the driver's <see cref="IInlineProjectionHost"/>, so the documents change in the same
/// transaction; everything else goes straight to the driver. Both check the arguments, so this only routes.
/// </summary>
internal sealed class InlineProjectingEventStore(IEventStore inner, IInlineProjectionHost host, InlineProjections projections) : IEventStore
{
    public async ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StreamAppend> appends = [new StreamAppend(stream, expected, events)];
        return projections.For(appends) is { } projector
            ? (await host.AppendAsync(appends, projector, cancellationToken).ConfigureAwait(false))[0]
            : await inner.AppendAsync(stream, expected, events, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
        => projections.For(appends) is { } projector
            ? host.AppendAsync(appends, projector, cancellationToken)
            : inner.AppendAsync(appends, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
        => inner.ReadStreamAsync(stream, fromVersion, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => inner.ReadAllAsync(options, cancellationToken);

    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => inner.CountAsync(options, cancellationToken);

    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
        => inner.GetStreamVersionAsync(stream, cancellationToken);

    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
        => inner.CountStreamsAsync(tenant, cancellationToken);

    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
        => inner.DeleteStreamAsync(stream, expected, cancellationToken);
}
