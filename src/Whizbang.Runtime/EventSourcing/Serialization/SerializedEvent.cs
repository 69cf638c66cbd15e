namespace Whizbang.EventSourcing.Serialization;

/// <summary>An event as a store keeps it: its stable name and its UTF-8 JSON.</summary>
/// <param name="Name">The event's stable name (<c>[MessageName]</c> or the generated default).</param>
/// <param name="Data">The UTF-8 JSON of the event.</param>
public readonly record struct SerializedEvent(string Name, ReadOnlyMemory<byte> Data);
