namespace Whizbang.EventSourcing;

/// <summary>One stream's part of a multi-stream append: the stream, the version it must be at, and its new events.</summary>
/// <param name="Stream">The stream to append to.</param>
/// <param name="Expected">The version the stream must be at.</param>
/// <param name="Events">The events to append, in order.</param>
public sealed record StreamAppend(StreamId Stream, ExpectedVersion Expected, IReadOnlyList<EventData> Events);
