using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Outbox;

namespace Whizbang.Transport;

/// <summary>
/// Publishes appended events: each event of a domain this service owns joins the append's transaction as an outbox
/// message for the domain's event topic, keyed by its stream, so the event and its publication commit together or
/// not at all. The flow's <see cref="PendingMessages"/> (messages sent and the inbox entry of the message being
/// handled) ride along in the same transaction: the driver writes them.
/// </summary>
internal sealed class OutboxForwardingEventStore(IEventStore inner, OutboxWriter writer, IMessageCatalog catalog) : IEventStore
{
    public async ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        var results = await AppendWithMessagesAsync([new StreamAppend(stream, expected, events)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        return AppendWithMessagesAsync(appends, cancellationToken);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
        => inner.ReadStreamAsync(stream, fromVersion, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => inner.ReadAllAsync(options, cancellationToken);

    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default) => inner.CountAsync(options, cancellationToken);

    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default) => inner.GetStreamVersionAsync(stream, cancellationToken);

    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default) => inner.CountStreamsAsync(tenant, cancellationToken);

    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
        => inner.DeleteStreamAsync(stream, expected, cancellationToken);

    // Async so that a PendingMessages opened here for an append outside any dispatch ends with the call.
    private async ValueTask<IReadOnlyList<AppendResult>> AppendWithMessagesAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        var published = Published(appends);
        var pending = PendingMessages.Current;
        if (pending is null && published.Count == 0)
        {
            return await inner.AppendAsync(appends, cancellationToken).ConfigureAwait(false);
        }

        var own = pending is null;
        if (own)
        {
            PendingMessages.Current = pending = new PendingMessages(null);
        }

        foreach (var message in published)
        {
            pending!.Add(message);
        }

        var sends = pending!.Peek() is { Outbox.Count: > 0 };
        IReadOnlyList<AppendResult> results;
        try
        {
            results = await inner.AppendAsync(appends, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            pending.Remove(published); // the events were not appended, so they are not published
            throw;
        }

        if (own)
        {
            await writer.FlushAsync(pending, cancellationToken).ConfigureAwait(false); // a driver that cannot write messages in its transaction
        }

        if (sends)
        {
            writer.NotifyRelay(appends[0].Stream.Tenant);
        }

        return results;
    }

    /// <summary>The outbox messages publishing the appended events of domains this service owns.</summary>
    private List<OutboxMessage> Published(IReadOnlyList<StreamAppend> appends)
    {
        var published = new List<OutboxMessage>();
        var now = writer.Clock.GetUtcNow();
        foreach (var (stream, _, events) in appends)
        {
            foreach (var e in events)
            {
                if (catalog.FindByName(e.EventName) is { Kind: MessageKind.Event, OwningDomain: { } domain } descriptor && writer.Router.Owns(domain))
                {
                    published.Add(new OutboxMessage(
                        e.EventId, writer.Router.DestinationOf(descriptor)!, stream.ToString(), e.EventName, stream.Tenant, e.Data, e.Metadata, now));
                }
            }
        }

        return published;
    }
}
