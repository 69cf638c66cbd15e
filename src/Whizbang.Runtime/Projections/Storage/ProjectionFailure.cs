using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>An event a projection generation could not apply, recorded with the error.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="Generation">The generation.</param>
/// <param name="Position">The event's global position.</param>
/// <param name="Stream">The event's stream.</param>
/// <param name="Version">The event's version in its stream.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="EventName">The event's stored name.</param>
/// <param name="Error">The exception's type and message.</param>
/// <param name="Skipped">True when the projection went on past the event; false when it stopped on it.</param>
/// <param name="FailedAt">When the failure was recorded.</param>
public sealed record ProjectionFailure(
    string Projection,
    int Generation,
    GlobalPosition Position,
    StreamId Stream,
    long Version,
    Guid EventId,
    string EventName,
    string Error,
    bool Skipped,
    DateTimeOffset FailedAt);
