using Whizbang.EventSourcing;

namespace Whizbang.Projections;

/// <summary>An inline projection could not apply an appended event, so the append was refused: nothing was written.</summary>
public sealed class InlineProjectionException : Exception
{
    /// <summary>Creates the exception for <paramref name="projection"/> failing on <paramref name="event"/>.</summary>
    public InlineProjectionException(string projection, RecordedEvent @event, Exception innerException)
        : base(
            $"Inline projection '{projection}' failed on event {@event.EventName} (stream {@event.Stream}, version {@event.Version}): {innerException.Message} Nothing was appended.",
            innerException)
    {
        ArgumentNullException.ThrowIfNull(@event);
        Projection = projection;
        EventName = @event.EventName;
        Stream = @event.Stream;
        Version = @event.Version;
    }

    /// <summary>The projection that failed.</summary>
    public string Projection { get; }

    /// <summary>The name of the event it failed on.</summary>
    public string EventName { get; }

    /// <summary>The stream of that event.</summary>
    public StreamId Stream { get; }

    /// <summary>The version that event would have had.</summary>
    public long Version { get; }
}
