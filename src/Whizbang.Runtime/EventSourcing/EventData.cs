namespace Whizbang.EventSourcing;

/// <summary>
/// An event ready to be appended: its id, its stable name and its serialized payload and metadata (UTF-8 JSON).
/// Stores move these bytes; they never see the CLR type. Both payloads are JSON: PostgreSQL stores them as jsonb,
/// refusing anything else and normalising whitespace and key order; the in-memory and SQLite stores keep the bytes
/// as given. Empty metadata is allowed and reads back empty.
/// </summary>
/// <param name="EventId">Unique id of the event (UUIDv7 recommended).</param>
/// <param name="EventName">The event's stable name (see <c>[MessageName]</c>).</param>
/// <param name="Data">The serialized event.</param>
/// <param name="Metadata">The serialized envelope: correlation, causation, tenant, user, trace context.</param>
public sealed record EventData(Guid EventId, string EventName, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata);
