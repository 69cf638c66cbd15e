using Microsoft.Extensions.Logging;

namespace Whizbang.Transport;

/// <summary>The log messages of the relay, the consumers and the purge (source-generated).</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Sending {MessageName} {MessageId} to {Destination} failed (attempt {Attempt} of {MaxAttempts}); retrying at {RetryAt}: {Error}")]
    public static partial void SendRetrying(ILogger logger, string messageName, Guid messageId, string destination, int attempt, int maxAttempts, DateTimeOffset retryAt, string error);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Gave up sending {MessageName} {MessageId} to {Destination} after {Attempts} attempts; it is a dead letter: {Error}")]
    public static partial void SendDeadLettered(ILogger logger, string messageName, Guid messageId, string destination, int attempts, string error);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "The outbox relay failed; it retries after {Delay}")]
    public static partial void RelayFailed(ILogger logger, Exception error, TimeSpan delay);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Handling {MessageName} {MessageId} from {Source} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void HandlerRetrying(ILogger logger, Exception error, string messageName, Guid messageId, string source, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Message {MessageName} {MessageId} from {Source} is a dead letter: {Error}")]
    public static partial void MessageDeadLettered(ILogger logger, string? messageName, Guid? messageId, string source, string error);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "Message {MessageName} {MessageId} from {Source} was handled before; acknowledged without handling it again")]
    public static partial void Duplicate(ILogger logger, string messageName, Guid messageId, string source);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Purging old outbox messages and inbox entries failed; it retries after {Delay}")]
    public static partial void PurgeFailed(ILogger logger, Exception error, TimeSpan delay);
}
