using System.Text.Json;
using Whizbang.EventSourcing.Serialization;

namespace Whizbang.Messaging;

/// <summary>
/// What travels with every message: identity, causality, tenant, principal and trace context. The same
/// envelope goes into the event store's metadata, the outbox and Kafka headers.
/// </summary>
public sealed record MessageEnvelope
{
    /// <summary>The tenant used by single-tenant applications.</summary>
    public const string DefaultTenant = Whizbang.Tenancy.TenantIds.Default;

    /// <summary>Unique id of this message (UUIDv7, so ids sort by creation time).</summary>
    public required Guid MessageId { get; init; }

    /// <summary>The stable message name (see <see cref="MessageNameAttribute"/>).</summary>
    public required string MessageName { get; init; }

    /// <summary>Shared by every message caused, directly or not, by the same original request.</summary>
    public required Guid CorrelationId { get; init; }

    /// <summary>The message whose handling produced this one; null for an original request.</summary>
    public Guid? CausationId { get; init; }

    /// <summary>The tenant the message belongs to.</summary>
    public string TenantId { get; init; } = DefaultTenant;

    /// <summary>The principal (user or service) on whose behalf the message is sent, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>
    /// Why this message may reach other tenants' data: the reason of the <c>CrossTenantAccess</c> grant it was
    /// created under, or of its <c>[CrossTenant]</c> attribute. Null for the usual, single-tenant message.
    /// </summary>
    public string? CrossTenantReason { get; init; }

    /// <summary>When the message was created.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the span that sent the message, when tracing is on.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The envelope as UTF-8 JSON in the runtime's own format: what the event store's metadata and the outbox hold.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, EnvelopeJsonContext.Default.MessageEnvelope);

    /// <summary>Reads an envelope written by <see cref="ToUtf8Json"/>.</summary>
    /// <exception cref="JsonException">The bytes are not such an envelope.</exception>
    public static MessageEnvelope FromUtf8Json(ReadOnlySpan<byte> json)
        => JsonSerializer.Deserialize(json, EnvelopeJsonContext.Default.MessageEnvelope) ?? throw new JsonException("The envelope is JSON null.");
}
