using System.Text;
using Confluent.Kafka;
using Whizbang.Messaging;

namespace Whizbang.Kafka.Tests;

public sealed class KafkaEnvelopeHeadersTests
{
    [Fact]
    public void Read_OfFullEnvelopeHeaders_ReturnsTheSameEnvelope()
    {
        var envelope = TestEnvelopes.Full();

        var read = KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope));

        TestEnvelopes.AssertSame(envelope, read);
    }

    [Fact]
    public void Read_OfMinimalEnvelopeHeaders_ReturnsTheSameEnvelope()
    {
        var envelope = TestEnvelopes.Minimal();

        var read = KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope));

        TestEnvelopes.AssertSame(envelope, read);
        Assert.Equal(MessageEnvelope.DefaultTenant, read.TenantId);
        Assert.Null(read.CausationId);
        Assert.Null(read.UserId);
        Assert.Null(read.CrossTenantReason);
        Assert.Null(read.TraceParent);
    }

    [Fact]
    public void ToHeaders_OfMinimalEnvelope_WritesOnlyTheRequiredHeaders()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Minimal());

        Assert.Equal(
            [KafkaEnvelopeHeaders.MessageId, KafkaEnvelopeHeaders.MessageName, KafkaEnvelopeHeaders.CorrelationId, KafkaEnvelopeHeaders.TenantId, KafkaEnvelopeHeaders.Timestamp],
            headers.Select(h => h.Key));
    }

    [Fact]
    public void ToHeaders_WritesTheDocumentedNamesAndUtf8TextFormats()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());

        var text = headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["whizbang-message-id"] = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                ["whizbang-message-name"] = "orders.order-placed",
                ["whizbang-correlation-id"] = "0193a1b2-0000-7000-8000-000000000001",
                ["whizbang-causation-id"] = "0193a1b2-0000-7000-8000-000000000002",
                ["whizbang-tenant-id"] = "acme",
                ["whizbang-user-id"] = "ada@example.com",
                ["whizbang-cross-tenant-reason"] = "nightly billing export",
                ["whizbang-timestamp"] = "2026-01-31T23:59:58.1234567+02:00",
                ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            },
            text);
    }

    [Fact]
    public void Write_ReplacesEnvelopeHeadersAlreadyThere_AndKeepsOtherHeaders()
    {
        var headers = new Headers
        {
            { "content-type", "application/json"u8.ToArray() },
            { KafkaEnvelopeHeaders.TenantId, "stale-tenant"u8.ToArray() },
            { KafkaEnvelopeHeaders.TraceParent, "stale-trace"u8.ToArray() },
        };

        KafkaEnvelopeHeaders.Write(TestEnvelopes.Minimal(), headers);

        Assert.Equal("application/json"u8.ToArray(), headers.GetLastBytes("content-type"));
        Assert.Single(headers, h => h.Key == KafkaEnvelopeHeaders.TenantId);
        Assert.DoesNotContain(headers, h => h.Key == KafkaEnvelopeHeaders.TraceParent);
        TestEnvelopes.AssertSame(TestEnvelopes.Minimal(), KafkaEnvelopeHeaders.Read(headers));
    }

    [Fact]
    public void Read_IgnoresHeadersItDoesNotKnow()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
        headers.Add("content-type", "application/json"u8.ToArray());
        headers.Add("Whizbang-Tenant-Id", "names-are-case-sensitive"u8.ToArray());
        headers.Add("whizbang-future-field", [0xFF, 0x00]);
        headers.Add("empty", null);

        TestEnvelopes.AssertSame(TestEnvelopes.Full(), KafkaEnvelopeHeaders.Read(headers));
    }

    [Fact]
    public void Read_AcceptsAHeaderRepeatedWithTheSameValue()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
        headers.Add(KafkaEnvelopeHeaders.TenantId, "acme"u8.ToArray());
        headers.Add(KafkaEnvelopeHeaders.MessageId, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"u8.ToArray());

        TestEnvelopes.AssertSame(TestEnvelopes.Full(), KafkaEnvelopeHeaders.Read(headers));
    }

    [Theory]
    [InlineData("2026-01-31T21:59:58Z")]
    [InlineData("2026-01-31T23:59:58.123+02:00")]
    [InlineData("2026-01-31T21:59:58.1234567+00:00")]
    public void Read_AcceptsRfc3339TimestampsFromOtherProducers(string timestamp)
    {
        var read = KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.Timestamp, timestamp));

        Assert.Equal(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), read.Timestamp);
    }

    [Fact]
    public void Read_AcceptsUppercaseGuids()
    {
        var read = KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.MessageId, "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"));

        Assert.Equal(TestEnvelopes.MessageId, read.MessageId);
    }

    [Fact]
    public void ToHeaders_OfTimestampAtTheEdgesOfTheCalendar_RoundTrips()
    {
        foreach (var timestamp in new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromMinutes(-570)) })
        {
            var envelope = TestEnvelopes.Minimal() with { Timestamp = timestamp };

            TestEnvelopes.AssertSame(envelope, KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope)));
        }
    }
}
