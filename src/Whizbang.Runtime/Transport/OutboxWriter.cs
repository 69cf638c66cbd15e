using System.Text.Json;
using Whizbang.Dispatch;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline;
using Whizbang.Tenancy;

namespace Whizbang.Transport;

/// <summary>
/// Turns messages that leave the process into outbox rows: the payload in the application's JSON context, a new
/// envelope caused by the current dispatch, the destination from the router. Inside a dispatch they join its
/// <see cref="PendingMessages"/> (committed with its events, or when it ends); outside one they are written at once.
/// </summary>
internal sealed class OutboxWriter(MessageRouter router, EventSerializer serializer, IMessageStore store, OutboxSignal signal, TimeProvider clock)
{
    public MessageRouter Router => router;

    public IMessageStore Store => store;

    public TimeProvider Clock => clock;

    /// <summary>Whether <paramref name="tenant"/> has a place for its messages: always, unless each tenant has its own schema or database.</summary>
    public bool Knows(string tenant) => store is not TenantRoutedMessageStore routed || routed.Tenants.Contains(tenant);

    /// <summary>The store of <paramref name="tenant"/>'s inbox: its own when each tenant has one, otherwise the one store.</summary>
    public IMessageStore InboxOf(string tenant) => store is TenantRoutedMessageStore routed ? routed.For(tenant) : store;

    /// <summary>Writes <paramref name="message"/>, bound for its owner's topic.</summary>
    public ValueTask EnqueueAsync(object message, MessageDescriptor descriptor, CancellationToken cancellationToken)
        => EnqueueAsync([(message, descriptor)], cancellationToken);

    /// <summary>Writes <paramref name="messages"/>, each bound for its owner's topic, as one unit.</summary>
    public async ValueTask EnqueueAsync(IReadOnlyList<(object Message, MessageDescriptor Descriptor)> messages, CancellationToken cancellationToken)
    {
        var rows = new OutboxMessage[messages.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ToOutboxMessage(messages[i].Message, messages[i].Descriptor);
        }

        if (PendingMessages.Current is { } pending)
        {
            foreach (var row in rows)
            {
                pending.Add(row);
            }

            return;
        }

        await store.WriteAsync(new MessageWrites(null, rows), cancellationToken).ConfigureAwait(false);
        signal.Notify(rows.Length > 0 ? rows[0].TenantId : null);
    }

    /// <summary>Writes what the dispatch left pending (no append took it) and wakes the relay.</summary>
    public async ValueTask FlushAsync(PendingMessages pending, CancellationToken cancellationToken)
    {
        if (pending.Peek() is { } writes)
        {
            await store.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            pending.Written(writes);
            if (writes.Outbox.Count > 0)
            {
                signal.Notify(writes.Outbox[0].TenantId);
            }
        }
    }

    public void NotifyRelay(string? tenant) => signal.Notify(tenant);

    private OutboxMessage ToOutboxMessage(object message, MessageDescriptor descriptor)
    {
        var destination = router.DestinationOf(descriptor)
            ?? throw new InvalidOperationException($"Message '{descriptor.Name}' declares no [OwnedBy] domain, so it has no topic to travel to.");
        var typeInfo = serializer.TypeInfoFor(descriptor.MessageType) ?? throw EventTypeNotSerializableException.MissingFromContext(descriptor.MessageType);
        byte[] payload;
        try
        {
            payload = JsonSerializer.SerializeToUtf8Bytes(message, typeInfo);
        }
        catch (NotSupportedException e)
        {
            throw EventTypeNotSerializableException.MissingFromContext(descriptor.MessageType, e);
        }

        var envelope = DispatchContext.NewEnvelope(descriptor.Name, DispatchContext.Current) with { Timestamp = clock.GetUtcNow() };
        var key = message is IKeyedMessage keyed ? keyed.PartitionKey : envelope.TenantId;
        return new OutboxMessage(
            envelope.MessageId, destination, key, descriptor.Name, envelope.TenantId, payload, serializer.SerializeEnvelope(envelope), envelope.Timestamp);
    }
}
