using Whizbang.Outbox;

namespace Whizbang.Transport;

/// <summary>
/// Sends outbox messages to their destinations (Kafka's driver implements it). The relay calls it with one claimed
/// batch at a time and marks sent exactly what it reports as delivered.
/// </summary>
public interface IMessageTransport
{
    /// <summary>
    /// Sends <paramref name="messages"/> and waits until each is acknowledged or has failed. Messages with the same
    /// partition key must arrive in the order given.
    /// </summary>
    /// <returns>The messages that failed, with why; empty when every message was acknowledged.</returns>
    ValueTask<IReadOnlyList<SendFailure>> SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}
