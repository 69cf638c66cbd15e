namespace Whizbang.Outbox;

/// <summary>
/// The messages a dispatch has sent or published, and the inbox entry of the message it handles, waiting to be
/// written in the same transaction as its events. An event store driver writes <see cref="Peek"/> inside each append
/// transaction and calls <see cref="Written"/> once it commits; whatever no append took is written when the dispatch
/// ends. A failed dispatch discards them: messages of a dispatch that had no effect are never sent.
/// </summary>
public sealed class PendingMessages
{
    private static readonly AsyncLocal<PendingMessages?> s_current = new();
    private readonly Lock _gate = new();
    private readonly List<OutboxMessage> _outbox = [];
    private InboxEntry? _inbox;

    internal PendingMessages(InboxEntry? inbox) => _inbox = inbox;

    /// <summary>The pending writes of the dispatch running on this async flow, or null outside one.</summary>
    public static PendingMessages? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>What an append transaction starting now must also write, or null when nothing is pending.</summary>
    public MessageWrites? Peek()
    {
        lock (_gate)
        {
            return _inbox is null && _outbox.Count == 0 ? null : new MessageWrites(_inbox, [.. _outbox]);
        }
    }

    /// <summary>Called by the driver after the transaction that wrote <paramref name="writes"/> committed.</summary>
    public void Written(MessageWrites writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        lock (_gate)
        {
            if (writes.Inbox is not null && ReferenceEquals(writes.Inbox, _inbox))
            {
                _inbox = null;
            }

            RemoveLocked(writes.Outbox);
        }
    }

    internal void Add(OutboxMessage message)
    {
        lock (_gate)
        {
            _outbox.Add(message);
        }
    }

    internal void Remove(IEnumerable<OutboxMessage> messages)
    {
        lock (_gate)
        {
            RemoveLocked(messages);
        }
    }

    private void RemoveLocked(IEnumerable<OutboxMessage> messages)
    {
        var gone = new HashSet<OutboxMessage>(messages, ReferenceEqualityComparer.Instance);
        if (gone.Count > 0)
        {
            _outbox.RemoveAll(gone.Contains);
        }
    }
}
