namespace Whizbang.Pipeline.Idempotence;

/// <summary>A message with a result was sent again with an idempotency key already handled; its handler did not run.</summary>
public sealed class DuplicateMessageException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateMessageException(string messageName, string key)
        : base($"Message '{messageName}' with idempotency key '{key}' was already handled; it was not handled again.")
    {
        MessageName = messageName;
        IdempotencyKey = key;
    }

    /// <summary>The stable name of the duplicate message.</summary>
    public string MessageName { get; }

    /// <summary>The key seen before.</summary>
    public string IdempotencyKey { get; }
}
