namespace Whizbang.EventSourcing;

/// <summary>An event as stored: where it sits in its stream and in the store's global order, and when it was stored.</summary>
/// <param name="Stream">The stream it belongs to.</param>
/// <param name="Version">Its position in the stream, from 1.</param>
/// <param name="Position">Its place in the store's global order: the checkpoint to read all after it.</param>
/// <param name="EventId">The id it was appended with.</param>
/// <param name="EventName">Its stable name.</param>
/// <param name="Data">The serialized event.</param>
/// <param name="Metadata">The serialized envelope.</param>
/// <param name="Timestamp">When the store recorded it.</param>
public sealed record RecordedEvent(
    StreamId Stream,
    long Version,
    GlobalPosition Position,
    Guid EventId,
    string EventName,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> Metadata,
    DateTimeOffset Timestamp);
