using Microsoft.Extensions.Logging;

namespace Whizbang.Kafka;

/// <summary>The Kafka driver's log messages (source-generated).</summary>
internal static partial class KafkaLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Service {Service} consumes {Topics}")]
    public static partial void Subscribed(ILogger logger, string service, string topics);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    public static partial void ConsumerError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Processing {Source} failed; it is read again after {Delay}")]
    public static partial void ProcessingFailed(ILogger logger, Exception error, string source, TimeSpan delay);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Created the Kafka topics {Topics} with {Partitions} partitions")]
    public static partial void TopicsCreated(ILogger logger, string topics, int partitions);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Could not create the Kafka topics {Topics}; consuming starts anyway")]
    public static partial void TopicCreationFailed(ILogger logger, Exception error, string topics);
}
