using Whizbang.EventSourcing;

namespace Whizbang.Projections;

/// <summary>Where an event being projected was stored: what a projection method may want besides the event itself.</summary>
/// <param name="Stream">The event's stream (tenant and id).</param>
/// <param name="Version">The event's version in its stream.</param>
/// <param name="Position">The event's position in the store's global order.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Timestamp">When the event was stored.</param>
public readonly record struct EventContext(StreamId Stream, long Version, GlobalPosition Position, Guid EventId, DateTimeOffset Timestamp)
{
    /// <summary>The context of <paramref name="recorded"/>.</summary>
    public static EventContext Of(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new(recorded.Stream, recorded.Version, recorded.Position, recorded.EventId, recorded.Timestamp);
    }
}
