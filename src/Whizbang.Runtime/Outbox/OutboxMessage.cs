namespace Whizbang.Outbox;

/// <summary>
/// A message waiting in the outbox to be sent: where to, under which key, and its bytes. Stores move these bytes;
/// they never see the CLR type.
/// </summary>
/// <param name="MessageId">The message's id (from its envelope); unique in the outbox.</param>
/// <param name="Destination">Where the transport sends it (a Kafka topic), at most <see cref="MessageWrites.MaxTextLength"/> characters.</param>
/// <param name="PartitionKey">Messages with the same key (for events, the stream) are sent in the order they were written.</param>
/// <param name="MessageName">The message's stable name.</param>
/// <param name="TenantId">The tenant the message belongs to.</param>
/// <param name="Payload">The serialized message (UTF-8 JSON).</param>
/// <param name="Envelope">The serialized <see cref="Messaging.MessageEnvelope"/> (UTF-8 JSON, the runtime's own format).</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record OutboxMessage(
    Guid MessageId,
    string Destination,
    string PartitionKey,
    string MessageName,
    string TenantId,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<byte> Envelope,
    DateTimeOffset CreatedAt);
