using Whizbang.Tenancy;

namespace Whizbang.Outbox;

/// <summary>
/// The outbox, inbox and dead letters of one database, kept by the event store driver next to the events so that
/// a handler's events, the messages it sends and the record of the message it handled commit together. The same
/// conformance suite checks every driver (in memory, SQLite, PostgreSQL).
/// </summary>
/// <remarks>
/// Event store drivers also write <see cref="PendingMessages.Current"/> inside every append transaction. The relay
/// and consumers run as system work: the store reaches every tenant's rows (PostgreSQL's row-level security still
/// confines code running for one tenant).
/// </remarks>
[TenantAgnostic]
public interface IMessageStore
{
    /// <summary>Writes <paramref name="writes"/> in one transaction: every row or none.</summary>
    /// <exception cref="DuplicateMessageException">The inbox already holds the entry's message for its consumer; nothing was written.</exception>
    /// <exception cref="ArgumentException">The writes are not valid (<see cref="MessageWrites.Validate"/>), or an outbox message id is stored already; nothing was written.</exception>
    ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default);

    /// <summary>True when <paramref name="consumer"/>'s inbox holds <paramref name="messageId"/>.</summary>
    ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="maxCount"/> unsent messages to <paramref name="owner"/> for <paramref name="lease"/>,
    /// oldest first. A message is claimable when it is due (not waiting for a retry) and not leased to another owner
    /// under an unexpired lease, and when no earlier unsent message with the same destination and partition key is
    /// unclaimable: one key's messages go to one relay, in order. Concurrent claims never lease a message twice.
    /// Messages the owner already holds are leased to it again (the lease is renewed).
    /// </summary>
    ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="messageIds"/> sent and releases them; ids not pending are ignored.</summary>
    ValueTask MarkSentAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed send of <paramref name="messageId"/>: one more attempt, the error, and no new claim before
    /// <paramref name="retryAt"/> (which also holds back later messages with its key). Releases the lease.
    /// </summary>
    ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="messageId"/> from the outbox and keeps it as a <see cref="DeadLetterOrigin.Outbox"/> dead letter with <paramref name="error"/>, in one transaction.</summary>
    ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="letter"/> (a consumer gave up on a message).</summary>
    ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default);

    /// <summary>The newest dead letters first, at most <paramref name="maxCount"/>.</summary>
    ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Deletes sent outbox messages and inbox entries older than <paramref name="before"/>; returns how many rows went.</summary>
    ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Counts what the store holds now.</summary>
    ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default);
}
