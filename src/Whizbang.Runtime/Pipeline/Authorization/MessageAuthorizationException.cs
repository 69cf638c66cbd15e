namespace Whizbang.Pipeline.Authorization;

/// <summary>The principal may not dispatch this message; no handler ran.</summary>
public sealed class MessageAuthorizationException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public MessageAuthorizationException(string messageName, string? userId, string reason)
        : base($"'{userId ?? "anonymous"}' may not dispatch '{messageName}': {reason}")
    {
        MessageName = messageName;
        UserId = userId;
        Reason = reason;
    }

    /// <summary>The stable name of the refused message.</summary>
    public string MessageName { get; }

    /// <summary>The principal that was refused, when known.</summary>
    public string? UserId { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
