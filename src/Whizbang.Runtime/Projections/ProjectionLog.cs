using Microsoft.Extensions.Logging;

namespace Whizbang.Projections;

/// <summary>The projection engine's log messages (source-generated).</summary>
internal static partial class ProjectionLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Projection {Projection} failed to apply {EventName} (stream {Stream}, version {Version}); retry {Retry} of {MaxRetries}")]
    public static partial void Retrying(ILogger logger, Exception error, string projection, string eventName, string stream, long version, int retry, int maxRetries);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Projection {Projection} skipped {EventName} (stream {Stream}, version {Version}) after its retries")]
    public static partial void Skipped(ILogger logger, Exception error, string projection, string eventName, string stream, long version);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Projection {Projection} stopped on {EventName} (stream {Stream}, version {Version}) after its retries; resume it once the cause is fixed")]
    public static partial void Stopped(ILogger logger, Exception error, string projection, string eventName, string stream, long version);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Projection {Projection} generation {Generation} is live")]
    public static partial void Activated(ILogger logger, string projection, int generation);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Projection {Projection} worker failed; it retries after {Delay}")]
    public static partial void WorkerFailed(ILogger logger, Exception error, string projection, TimeSpan delay);
}
