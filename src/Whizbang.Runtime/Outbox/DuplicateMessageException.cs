namespace Whizbang.Outbox;

/// <summary>
/// The inbox already holds <see cref="MessageId"/> for <see cref="Consumer"/>: the message was handled before, and the
/// transaction that tried to record it again wrote nothing. Consumers acknowledge such a message without handling it.
/// </summary>
public sealed class DuplicateMessageException : Exception
{
    /// <summary>Creates the exception for <paramref name="consumer"/> and <paramref name="messageId"/>.</summary>
    public DuplicateMessageException(string consumer, Guid messageId)
        : base($"Consumer '{consumer}' already handled message {messageId}; nothing was written.")
    {
        Consumer = consumer;
        MessageId = messageId;
    }

    /// <summary>The consumer whose inbox holds the message.</summary>
    public string Consumer { get; }

    /// <summary>The message handled before.</summary>
    public Guid MessageId { get; }
}
