using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Confluent.Kafka;
using Whizbang.Messaging;
using Whizbang.Tenancy;

namespace Whizbang.Kafka;

/// <summary>
/// Carries a <see cref="MessageEnvelope"/> in Kafka message headers and reads it back. Every value is UTF-8 text, so
/// the headers read the same in any Kafka tool or client language: GUIDs in their canonical 36-character form (the
/// 16-byte form would save 20 bytes but has two byte orders in the wild, .NET's and RFC 9562's, and shows as noise in
/// tools), the timestamp in ISO 8601 round-trip form (it keeps the offset and the 100 ns ticks that Kafka's own
/// millisecond timestamp would lose). Header names are <c>whizbang-</c> followed by the property, except the W3C
/// <c>traceparent</c>, which keeps its standard name so tracing tools that know Kafka find it.
/// </summary>
/// <remarks>
/// Reading validates every header and throws <see cref="KafkaEnvelopeHeaderException"/> naming the header and the
/// problem; headers it does not know are ignored, and a header repeated with the same value is accepted. The
/// <c>traceparent</c> is carried as opaque text: a consumer parses it (<c>ActivityContext.TryParse</c>) and starts a
/// new trace when it is not valid, as the W3C Trace Context specification asks, so a bad trace header never makes a
/// message unreadable. Text that is not valid UTF-8 is refused in every header, the traceparent included: decoding it
/// would silently change the value.
/// </remarks>
public static class KafkaEnvelopeHeaders
{
    /// <summary>The message id (<see cref="MessageEnvelope.MessageId"/>): a GUID in canonical text. Required.</summary>
    public const string MessageId = "whizbang-message-id";

    /// <summary>The stable message name (<see cref="MessageEnvelope.MessageName"/>). Required.</summary>
    public const string MessageName = "whizbang-message-name";

    /// <summary>The correlation id (<see cref="MessageEnvelope.CorrelationId"/>): a GUID in canonical text. Required.</summary>
    public const string CorrelationId = "whizbang-correlation-id";

    /// <summary>The causation id (<see cref="MessageEnvelope.CausationId"/>): a GUID in canonical text. Absent for an original request.</summary>
    public const string CausationId = "whizbang-causation-id";

    /// <summary>The tenant (<see cref="MessageEnvelope.TenantId"/>), following the rules of <see cref="TenantIds"/>. Required.</summary>
    public const string TenantId = "whizbang-tenant-id";

    /// <summary>The principal (<see cref="MessageEnvelope.UserId"/>). Absent when not known.</summary>
    public const string UserId = "whizbang-user-id";

    /// <summary>The reason of the cross-tenant grant (<see cref="MessageEnvelope.CrossTenantReason"/>). Absent for the usual message.</summary>
    public const string CrossTenantReason = "whizbang-cross-tenant-reason";

    /// <summary>When the message was created (<see cref="MessageEnvelope.Timestamp"/>), ISO 8601 with an offset. Required.</summary>
    public const string Timestamp = "whizbang-timestamp";

    /// <summary>The W3C trace context header (<see cref="MessageEnvelope.TraceParent"/>), opaque text. Absent when tracing is off.</summary>
    public const string TraceParent = "traceparent";

    // Where each header's value is kept while reading, and its bit in the mask of headers seen.
    private const int MessageIdSlot = 0;
    private const int MessageNameSlot = 1;
    private const int CorrelationIdSlot = 2;
    private const int CausationIdSlot = 3;
    private const int TenantIdSlot = 4;
    private const int UserIdSlot = 5;
    private const int CrossTenantReasonSlot = 6;
    private const int TimestampSlot = 7;
    private const int TraceParentSlot = 8;

    private const int HeaderCount = 9;
    private const int GuidLength = 36;
    private const int MaxTimestampLength = 40;
    private const int MaxShownCharacters = 64;

    // A UTF-16 code unit takes at most 3 UTF-8 bytes (a surrogate pair, two units, takes 4).
    private const int MaxTenantIdBytes = TenantIds.MaxLength * 3;

    // What Read accepts: RFC 3339 with an explicit offset and up to 7 fractional digits. Write's "O" form matches the first.
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    // In slot order.
    private static readonly string[] Names = [MessageId, MessageName, CorrelationId, CausationId, TenantId, UserId, CrossTenantReason, Timestamp, TraceParent];

    /// <summary>New headers carrying <paramref name="envelope"/>.</summary>
    /// <exception cref="ArgumentException">The envelope cannot be carried unchanged: see <see cref="Write"/>.</exception>
    public static Headers ToHeaders(MessageEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ValidateForWriting(envelope);
        var headers = new Headers();
        Append(envelope, headers);
        return headers;
    }

    /// <summary>
    /// Adds <paramref name="envelope"/> to <paramref name="headers"/>, replacing any envelope headers already there
    /// and leaving other headers alone. Optional values that are null are not written.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The envelope cannot be carried unchanged: an invalid tenant id (<see cref="TenantIds.Validate"/>), an empty
    /// message name or cross-tenant reason, or text with a lone surrogate, which UTF-8 cannot represent. Refusing it
    /// here keeps an unreadable message from ever reaching the topic.
    /// </exception>
    public static void Write(MessageEnvelope envelope, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(headers);
        ValidateForWriting(envelope);
        foreach (var name in Names)
        {
            headers.Remove(name);
        }

        Append(envelope, headers);
    }

    /// <summary>Reads the envelope that <see cref="Write"/> put in <paramref name="headers"/>.</summary>
    /// <param name="headers">A consumed message's headers; null reads as no headers at all.</param>
    /// <exception cref="KafkaEnvelopeHeaderException">
    /// A required header is missing, a header is malformed or breaks a rule, or a header appears twice with different values.
    /// </exception>
    public static MessageEnvelope Read(Headers? headers)
    {
        var values = default(HeaderValues);
        var present = 0;
        var count = headers?.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var header = headers![i];
            var index = IndexOf(header.Key);
            if (index < 0)
            {
                continue;
            }

            var value = header.GetValueBytes();
            var bit = 1 << index;
            if ((present & bit) == 0)
            {
                present |= bit;
                values[index] = value;
            }
            else if (!SameBytes(values[index], value))
            {
                throw new KafkaEnvelopeHeaderException(
                    Names[index],
                    KafkaEnvelopeHeaderProblem.Conflicting,
                    $"appears more than once with different values: {Show(values[index])} and {Show(value)}.",
                    TryPeekMessageId(values, present));
            }
        }

        var reader = new Reader(values, present);
        var messageId = reader.RequiredGuid(MessageIdSlot);
        reader.MessageId = messageId;
        var messageName = reader.RequiredText(MessageNameSlot);
        if (string.IsNullOrWhiteSpace(messageName))
        {
            throw reader.Fail(MessageNameSlot, KafkaEnvelopeHeaderProblem.Invalid, "is empty or whitespace; every message has a name.");
        }

        var correlationId = reader.RequiredGuid(CorrelationIdSlot);
        var causationId = reader.OptionalGuid(CausationIdSlot);
        var tenantId = reader.TenantId(TenantIdSlot);
        var userId = reader.OptionalText(UserIdSlot);
        var crossTenantReason = reader.OptionalText(CrossTenantReasonSlot);
        if (crossTenantReason is not null && string.IsNullOrWhiteSpace(crossTenantReason))
        {
            throw reader.Fail(CrossTenantReasonSlot, KafkaEnvelopeHeaderProblem.Invalid, "is empty or whitespace; a cross-tenant grant always has a reason.");
        }

        var timestamp = reader.Timestamp(TimestampSlot);
        var traceParent = reader.TraceParent(TraceParentSlot);
        return new MessageEnvelope
        {
            MessageId = messageId,
            MessageName = messageName,
            CorrelationId = correlationId,
            CausationId = causationId,
            TenantId = tenantId,
            UserId = userId,
            CrossTenantReason = crossTenantReason,
            Timestamp = timestamp,
            TraceParent = traceParent,
        };
    }

    private static int IndexOf(string? key) => key switch
    {
        MessageId => MessageIdSlot,
        MessageName => MessageNameSlot,
        CorrelationId => CorrelationIdSlot,
        CausationId => CausationIdSlot,
        TenantId => TenantIdSlot,
        UserId => UserIdSlot,
        CrossTenantReason => CrossTenantReasonSlot,
        Timestamp => TimestampSlot,
        TraceParent => TraceParentSlot,
        _ => -1,
    };

    private static void ValidateForWriting(MessageEnvelope envelope)
    {
        if (string.IsNullOrWhiteSpace(envelope.MessageName))
        {
            throw new ArgumentException($"The envelope of message {envelope.MessageId} has no message name.", nameof(envelope));
        }

        TenantIds.Validate(envelope.TenantId, nameof(envelope));
        if (envelope.CrossTenantReason is not null && string.IsNullOrWhiteSpace(envelope.CrossTenantReason))
        {
            throw new ArgumentException($"The envelope of message {envelope.MessageId} has an empty cross-tenant reason; a grant always has one.", nameof(envelope));
        }

        // Checked before anything is written, so a refused envelope leaves the headers as they were.
        EnsureValidUtf16(envelope.MessageName, envelope, nameof(MessageEnvelope.MessageName));
        EnsureValidUtf16(envelope.UserId, envelope, nameof(MessageEnvelope.UserId));
        EnsureValidUtf16(envelope.CrossTenantReason, envelope, nameof(MessageEnvelope.CrossTenantReason));
        EnsureValidUtf16(envelope.TraceParent, envelope, nameof(MessageEnvelope.TraceParent));
    }

    /// <summary>Refuses lone surrogates, which UTF-8 cannot represent: encoding them would silently change the value.</summary>
    private static void EnsureValidUtf16(string? value, MessageEnvelope envelope, string property)
    {
        var text = value.AsSpan();
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (Rune.DecodeFromUtf16(text[at..], out _, out var consumed) != OperationStatus.Done)
            {
                throw new ArgumentException(
                    $"The {property} of message {envelope.MessageId} has a lone surrogate at index {at}, which UTF-8 cannot carry unchanged.",
                    nameof(envelope));
            }

            var next = text[(at + consumed)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + consumed + next;
        }
    }

    private static void Append(MessageEnvelope envelope, Headers headers)
    {
        headers.Add(MessageId, EncodeGuid(envelope.MessageId));
        headers.Add(MessageName, EncodeText(envelope.MessageName));
        headers.Add(CorrelationId, EncodeGuid(envelope.CorrelationId));
        if (envelope.CausationId is { } causationId)
        {
            headers.Add(CausationId, EncodeGuid(causationId));
        }

        headers.Add(TenantId, EncodeText(envelope.TenantId));
        if (envelope.UserId is { } userId)
        {
            headers.Add(UserId, EncodeText(userId));
        }

        if (envelope.CrossTenantReason is { } reason)
        {
            headers.Add(CrossTenantReason, EncodeText(reason));
        }

        headers.Add(Timestamp, EncodeTimestamp(envelope.Timestamp));
        if (envelope.TraceParent is { } traceParent)
        {
            headers.Add(TraceParent, EncodeText(traceParent));
        }
    }

    private static byte[] EncodeGuid(Guid value)
    {
        var bytes = new byte[GuidLength];
        value.TryFormat(bytes, out _, "D");
        return bytes;
    }

    private static byte[] EncodeTimestamp(DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[MaxTimestampLength];
        value.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture);
        return buffer[..written].ToArray();
    }

    private static byte[] EncodeText(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value)];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private static bool SameBytes(byte[]? first, byte[]? second)
        => first is null ? second is null : second is not null && first.AsSpan().SequenceEqual(second);

    private static Guid? TryPeekMessageId(HeaderValues values, int present)
        => (present & (1 << MessageIdSlot)) != 0 && values[MessageIdSlot] is { } bytes && TryParseGuid(bytes, out var id) ? id : null;

    private static bool TryParseGuid(ReadOnlySpan<byte> utf8, out Guid value)
        => Utf8Parser.TryParse(utf8, out value, out var consumed, 'D') && consumed == utf8.Length;

    private static bool TryParseTimestamp(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (utf8.Length > MaxTimestampLength || !Ascii.IsValid(utf8))
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxTimestampLength];
        var length = Encoding.ASCII.GetChars(utf8, chars);
        return DateTimeOffset.TryParseExact(chars[..length], TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>A header value as it may appear in an exception message: quoted, shortened, control characters masked.</summary>
    private static string Show(byte[]? value)
    {
        if (value is null)
        {
            return "(no value)";
        }

        var text = Encoding.UTF8.GetString(value.AsSpan(0, Math.Min(value.Length, MaxShownCharacters * 4)));
        var shortened = text.Length > MaxShownCharacters ? text[..MaxShownCharacters] + "..." : text;
        var masked = string.Create(shortened.Length, shortened, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return value.Length > MaxShownCharacters ? $"'{masked}' ({value.Length} bytes)" : $"'{masked}'";
    }

    [InlineArray(HeaderCount)]
    private struct HeaderValues
    {
        private byte[]? _first;
    }

    /// <summary>Decodes the collected values one header at a time, naming the message in every failure once its id is known.</summary>
    private ref struct Reader(HeaderValues values, int present)
    {
        private readonly HeaderValues _values = values;
        private readonly int _present = present;

        public Guid? MessageId { get; set; }

        public readonly Guid RequiredGuid(int index)
        {
            var bytes = Required(index);
            return TryParseGuid(bytes, out var value)
                ? value
                : throw Fail(index, KafkaEnvelopeHeaderProblem.Malformed, $"is not a GUID in canonical 8-4-4-4-12 form: {Show(bytes)}.");
        }

        public readonly Guid? OptionalGuid(int index)
        {
            if (!IsPresent(index))
            {
                return null;
            }

            var bytes = Required(index);
            return TryParseGuid(bytes, out var value)
                ? value
                : throw Fail(index, KafkaEnvelopeHeaderProblem.Malformed, $"is not a GUID in canonical 8-4-4-4-12 form: {Show(bytes)}.");
        }

        public readonly string RequiredText(int index) => Decode(index, Required(index));

        public readonly string? OptionalText(int index) => IsPresent(index) ? Decode(index, Required(index)) : null;

        public readonly string TenantId(int index)
        {
            var bytes = Required(index);
            if (bytes.Length > MaxTenantIdBytes)
            {
                throw Fail(index, KafkaEnvelopeHeaderProblem.Invalid, $"is {bytes.Length} bytes long; a tenant id is at most {TenantIds.MaxLength} characters.");
            }

            var tenant = Decode(index, bytes);
            try
            {
                TenantIds.Validate(tenant, KafkaEnvelopeHeaders.TenantId);
            }
            catch (ArgumentException error)
            {
                throw Fail(index, KafkaEnvelopeHeaderProblem.Invalid, $"is not a valid tenant id: {error.Message}", error);
            }

            return tenant;
        }

        public readonly DateTimeOffset Timestamp(int index)
        {
            var bytes = Required(index);
            return TryParseTimestamp(bytes, out var value)
                ? value
                : throw Fail(index, KafkaEnvelopeHeaderProblem.Malformed, $"is not an ISO 8601 timestamp with an offset (like 2026-01-31T12:00:00.0000000+00:00): {Show(bytes)}.");
        }

        public readonly string? TraceParent(int index)
            => IsPresent(index) && _values[index] is { } bytes ? Decode(index, bytes) : null;

        public readonly KafkaEnvelopeHeaderException Fail(int index, KafkaEnvelopeHeaderProblem problem, string description, Exception? inner = null)
            => new(Names[index], problem, description, MessageId, inner);

        private readonly bool IsPresent(int index) => (_present & (1 << index)) != 0;

        private readonly byte[] Required(int index)
        {
            if (!IsPresent(index))
            {
                throw Fail(index, KafkaEnvelopeHeaderProblem.Missing, "is missing; every Whizbang envelope carries it.");
            }

            return _values[index] ?? throw Fail(index, KafkaEnvelopeHeaderProblem.Malformed, "has no value.");
        }

        private readonly string Decode(int index, byte[] bytes)
            => Utf8.IsValid(bytes)
                ? Encoding.UTF8.GetString(bytes)
                : throw Fail(index, KafkaEnvelopeHeaderProblem.Malformed, $"is not valid UTF-8 text: {Show(bytes)}.");
    }
}
