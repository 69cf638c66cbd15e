using Whizbang.Messaging;

namespace Whizbang.Transport;

/// <summary>A message a transport received, as the <see cref="IncomingMessageProcessor"/> needs it.</summary>
/// <param name="Source">Where it came from, for logs and dead letters (for Kafka: topic, partition and offset).</param>
/// <param name="Payload">The serialized message (UTF-8 JSON).</param>
/// <param name="Envelope">Its envelope, read from the transport's headers; its <see cref="MessageEnvelope.MessageName"/> says what the payload is.</param>
public sealed record IncomingMessage(string Source, ReadOnlyMemory<byte> Payload, MessageEnvelope Envelope);
