using Whizbang.EventSourcing;

namespace Whizbang.Outbox;

/// <summary>
/// The message store in process memory, for tests and prototypes: the same contract as the database drivers. Created
/// over an <see cref="InMemoryEventStore"/>, it is written inside that store's appends, so a handler's events and
/// messages commit together. Thread-safe.
/// </summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<Row> _outbox = [];
    private readonly Dictionary<(string Consumer, Guid MessageId), InboxEntry> _inbox = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly HashSet<Guid> _outboxIds = [];

    /// <summary>Creates an empty store; with <paramref name="events"/>, that store's appends write the flow's <see cref="PendingMessages"/> here.</summary>
    public InMemoryMessageStore(TimeProvider? clock = null, InMemoryEventStore? events = null)
    {
        _clock = clock ?? TimeProvider.System;
        events?.Attach(this);
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        Write(writes);
        return default;
    }

    /// <summary>Checks and stores <paramref name="writes"/> at once: every row or none.</summary>
    internal void Write(MessageWrites writes)
    {
        writes.Validate();
        lock (_gate)
        {
            if (writes.Inbox is { } inbox && _inbox.ContainsKey((inbox.Consumer, inbox.MessageId)))
            {
                throw new DuplicateMessageException(inbox.Consumer, inbox.MessageId);
            }

            if (writes.Outbox.FirstOrDefault(m => _outboxIds.Contains(m.MessageId)) is { } reused)
            {
                throw new ArgumentException($"Outbox message {reused.MessageId} is stored already; nothing was written.", nameof(writes));
            }

            if (writes.Inbox is { } entry)
            {
                _inbox[(entry.Consumer, entry.MessageId)] = entry;
            }

            foreach (var message in writes.Outbox)
            {
                _outbox.Add(new Row(Copy(message)));
                _outboxIds.Add(message.MessageId);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_gate)
        {
            return ValueTask.FromResult(_inbox.ContainsKey((consumer, messageId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        var expires = now + lease;
        var claimed = new List<ClaimedMessage>();
        lock (_gate)
        {
            var blocked = new HashSet<(string, string)>();
            foreach (var row in _outbox)
            {
                if (row.SentAt is not null)
                {
                    continue;
                }

                var key = (row.Message.Destination, row.Message.PartitionKey);
                var heldByOther = row.LeaseOwner is not null && row.LeaseOwner != owner && row.LeaseExpiresAt > now;
                if (blocked.Contains(key) || heldByOther || row.RetryAt > now || claimed.Count == maxCount)
                {
                    blocked.Add(key); // later messages with this key wait for this one
                    continue;
                }

                row.LeaseOwner = owner;
                row.LeaseExpiresAt = expires;
                claimed.Add(new ClaimedMessage(row.Message, row.Attempts, expires));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<ClaimedMessage>>(claimed);
    }

    /// <inheritdoc />
    public ValueTask MarkSentAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var ids = messageIds.ToHashSet();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var row in _outbox)
            {
                if (row.SentAt is null && ids.Contains(row.Message.MessageId))
                {
                    row.SentAt = now;
                    row.LeaseOwner = null;
                }
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            if (_outbox.Find(r => r.Message.MessageId == messageId && r.SentAt is null) is { } row)
            {
                row.Attempts++;
                row.LastError = error;
                row.RetryAt = retryAt;
                row.LeaseOwner = null;
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            var index = _outbox.FindIndex(r => r.Message.MessageId == messageId && r.SentAt is null);
            if (index >= 0)
            {
                var row = _outbox[index];
                _outbox.RemoveAt(index);
                var message = row.Message;
                _deadLetters.Add(new DeadLetter(
                    message.MessageId, DeadLetterOrigin.Outbox, message.Destination, null, message.MessageName, message.TenantId,
                    message.Payload, message.Envelope, error, row.Attempts + 1, _clock.GetUtcNow()));
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        lock (_gate)
        {
            _deadLetters.Add(letter with { Payload = letter.Payload.ToArray(), Envelope = letter.Envelope.ToArray() });
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<DeadLetter>>([.. Enumerable.Reverse(_deadLetters).Take(maxCount)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            long removed = _outbox.RemoveAll(r => r.SentAt < before);
            _outboxIds.IntersectWith(_outbox.Select(r => r.Message.MessageId));
            foreach (var old in _inbox.Where(e => e.Value.ProcessedAt < before).Select(e => e.Key).ToList())
            {
                _inbox.Remove(old);
                removed++;
            }

            return ValueTask.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var pending = _outbox.Count(r => r.SentAt is null);
            var leased = _outbox.Count(r => r.SentAt is null && r.LeaseOwner is not null && r.LeaseExpiresAt > now);
            return ValueTask.FromResult(new OutboxCounts(pending, leased, _outbox.Count - pending, _deadLetters.Count, _inbox.Count));
        }
    }

    // The store keeps its own copy: a caller reusing its buffers must not change what was written.
    private static OutboxMessage Copy(OutboxMessage message) => message with { Payload = message.Payload.ToArray(), Envelope = message.Envelope.ToArray() };

    private sealed class Row(OutboxMessage message)
    {
        public OutboxMessage Message { get; } = message;

        public string? LeaseOwner { get; set; }

        public DateTimeOffset LeaseExpiresAt { get; set; }

        public DateTimeOffset RetryAt { get; set; }

        public DateTimeOffset? SentAt { get; set; }

        public int Attempts { get; set; }

        public string? LastError { get; set; }
    }
}
