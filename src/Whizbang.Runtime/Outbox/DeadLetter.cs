namespace Whizbang.Outbox;

/// <summary>A message given up on, kept with the reason so an operator can inspect, fix and resend it.</summary>
/// <param name="MessageId">The message's id; null when it could not even be read (for example a missing id header).</param>
/// <param name="Origin">Where it failed: <see cref="DeadLetterOrigin.Outbox"/> (could not be sent) or <see cref="DeadLetterOrigin.Inbox"/> (could not be handled).</param>
/// <param name="Source">The outbox destination or the topic it was consumed from (with partition and offset when known).</param>
/// <param name="Consumer">The consumer that gave up; null for the outbox.</param>
/// <param name="MessageName">Its stable name, when known.</param>
/// <param name="TenantId">Its tenant, when known.</param>
/// <param name="Payload">The bytes as received or written.</param>
/// <param name="Envelope">The serialized envelope, when known.</param>
/// <param name="Error">Why it was given up: the last exception's type and message.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="FailedAt">When it was given up.</param>
public sealed record DeadLetter(
    Guid? MessageId,
    DeadLetterOrigin Origin,
    string Source,
    string? Consumer,
    string? MessageName,
    string? TenantId,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<byte> Envelope,
    string Error,
    int Attempts,
    DateTimeOffset FailedAt);
