using System.Text;
using Confluent.Kafka;
using Whizbang.Messaging;

namespace Whizbang.Kafka.Tests;

internal static class TestEnvelopes
{
    public static readonly Guid MessageId = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    public static readonly Guid CorrelationId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    public static readonly Guid CausationId = Guid.Parse("0193a1b2-0000-7000-8000-000000000002");

    /// <summary>Every property set, with an offset and sub-millisecond ticks in the timestamp.</summary>
    public static MessageEnvelope Full() => new()
    {
        MessageId = MessageId,
        MessageName = "orders.order-placed",
        CorrelationId = CorrelationId,
        CausationId = CausationId,
        TenantId = "acme",
        UserId = "ada@example.com",
        CrossTenantReason = "nightly billing export",
        Timestamp = new DateTimeOffset(2026, 1, 31, 23, 59, 58, TimeSpan.FromHours(2)).AddTicks(1_234_567),
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };

    /// <summary>Only what every envelope has.</summary>
    public static MessageEnvelope Minimal() => new()
    {
        MessageId = MessageId,
        MessageName = "orders.place-order",
        CorrelationId = CorrelationId,
        Timestamp = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Headers of a full envelope with <paramref name="name"/> replaced by <paramref name="value"/> (null: a header with no value).</summary>
    public static Headers FullWith(string name, byte[]? value)
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(Full());
        headers.Remove(name);
        headers.Add(name, value);
        return headers;
    }

    public static Headers FullWith(string name, string value) => FullWith(name, Encoding.UTF8.GetBytes(value));

    public static Headers FullWithout(string name)
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(Full());
        headers.Remove(name);
        return headers;
    }

    /// <summary>Asserts every property, the timestamp's offset included (record equality compares instants only).</summary>
    public static void AssertSame(MessageEnvelope expected, MessageEnvelope actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.Timestamp.Ticks, actual.Timestamp.Ticks);
    }
}
