using Whizbang.Tenancy;

namespace Whizbang.Outbox;

/// <summary>
/// What one transaction writes to the message store: outbox messages and, for a consumed message, its inbox entry.
/// Event store drivers write the <see cref="PendingMessages"/> of the current flow inside their append transaction;
/// <see cref="IMessageStore.WriteAsync"/> writes them alone.
/// </summary>
/// <param name="Inbox">The inbox entry of the message being handled, or null.</param>
/// <param name="Outbox">The messages to send, in order.</param>
public sealed record MessageWrites(InboxEntry? Inbox, IReadOnlyList<OutboxMessage> Outbox)
{
    /// <summary>The longest destination, partition key, message name or consumer accepted, in characters.</summary>
    public const int MaxTextLength = 500;

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Inbox is null && Outbox.Count == 0;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the offending message when the writes cannot be stored: a null
    /// part, an empty or over-long text or one with control characters, an invalid tenant, or a message id used twice. Drivers call it before writing.
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Outbox, nameof(Outbox));
        if (Inbox is { } inbox)
        {
            Text(inbox.Consumer, "consumer", inbox.MessageId);
            TenantIds.Validate(inbox.TenantId, nameof(Inbox));
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < Outbox.Count; i++)
        {
            var message = Outbox[i] ?? throw new ArgumentException($"Outbox message {i} is null; nothing was written.", nameof(Outbox));
            Text(message.Destination, "destination", message.MessageId);
            Text(message.PartitionKey, "partition key", message.MessageId);
            Text(message.MessageName, "message name", message.MessageId);
            TenantIds.Validate(message.TenantId, nameof(Outbox));
            if (!ids.Add(message.MessageId))
            {
                throw new ArgumentException($"Outbox message {message.MessageId} appears twice; nothing was written.", nameof(Outbox));
            }
        }
    }

    private static void Text(string? value, string what, Guid messageId)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength || value.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            throw new ArgumentException(
                $"Message {messageId} has no valid {what} (1 to {MaxTextLength} characters, no control characters); nothing was written.", what);
        }
    }
}
