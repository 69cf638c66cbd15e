using Whizbang.Outbox;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// Records the separate writes made through <see cref="IMessageStore.WriteAsync"/>. Writes an in-memory append makes
/// inside its own transaction go to the inner store directly, so they are not counted: that tells them apart.
/// </summary>
public sealed class CountingMessageStore(IMessageStore inner) : IMessageStore
{
    private readonly Lock _gate = new();
    private readonly List<MessageWrites> _writes = [];

    public IReadOnlyList<MessageWrites> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public async ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(writes, cancellationToken);
        lock (_gate)
        {
            _writes.Add(writes);
        }
    }

    public ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
        => inner.HasProcessedAsync(consumer, messageId, cancellationToken);

    public ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => inner.ClaimAsync(owner, maxCount, lease, cancellationToken);

    public ValueTask MarkSentAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default)
        => inner.MarkSentAsync(messageIds, cancellationToken);

    public ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
        => inner.RetryLaterAsync(messageId, error, retryAt, cancellationToken);

    public ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default)
        => inner.DeadLetterAsync(messageId, error, cancellationToken);

    public ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
        => inner.AddDeadLetterAsync(letter, cancellationToken);

    public ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
        => inner.GetDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
        => inner.PurgeAsync(before, cancellationToken);

    public ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
}
