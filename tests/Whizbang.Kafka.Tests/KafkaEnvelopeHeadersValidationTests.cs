using Confluent.Kafka;

namespace Whizbang.Kafka.Tests;

/// <summary>Every way the headers can be wrong gives a <see cref="KafkaEnvelopeHeaderException"/> naming the header and the problem.</summary>
public sealed class KafkaEnvelopeHeadersValidationTests
{
    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageId)]
    [InlineData(KafkaEnvelopeHeaders.MessageName)]
    [InlineData(KafkaEnvelopeHeaders.CorrelationId)]
    [InlineData(KafkaEnvelopeHeaders.TenantId)]
    [InlineData(KafkaEnvelopeHeaders.Timestamp)]
    public void Read_WithoutARequiredHeader_ThrowsMissing(string name)
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWithout(name)));

        Assert.Equal(name, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Missing, error.Problem);
        Assert.Contains($"header '{name}' is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.CausationId)]
    [InlineData(KafkaEnvelopeHeaders.UserId)]
    [InlineData(KafkaEnvelopeHeaders.CrossTenantReason)]
    [InlineData(KafkaEnvelopeHeaders.TraceParent)]
    public void Read_WithoutAnOptionalHeader_ReadsNull(string name)
    {
        var read = KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWithout(name));

        Assert.Equal(TestEnvelopes.MessageId, read.MessageId);
    }

    [Fact]
    public void Read_OfNoHeadersAtAll_ThrowsMissingMessageId()
    {
        foreach (var headers in new[] { null, new Headers() })
        {
            var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(headers));

            Assert.Equal(KafkaEnvelopeHeaders.MessageId, error.HeaderName);
            Assert.Equal(KafkaEnvelopeHeaderProblem.Missing, error.Problem);
            Assert.Null(error.MessageId);
        }
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "not-a-guid")]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "{0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}")]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")]
    [InlineData(KafkaEnvelopeHeaders.MessageId, " 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b0")]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "")]
    [InlineData(KafkaEnvelopeHeaders.CorrelationId, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g")]
    [InlineData(KafkaEnvelopeHeaders.CausationId, "12345")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "yesterday")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "2026-01-31T12:00:00")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "1769860800000")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "2026-02-30T12:00:00Z")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "2026-01-31T12:00:00.1234567+02:00 and then some more text")]
    [InlineData(KafkaEnvelopeHeaders.Timestamp, "")]
    public void Read_WithMalformedGuidOrTimestamp_ThrowsMalformed(string name, string value)
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(name, value)));

        Assert.Equal(name, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Malformed, error.Problem);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithMessageIdAs16RawBytes_ThrowsMalformed()
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(
            () => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.MessageId, TestEnvelopes.MessageId.ToByteArray())));

        Assert.Equal(KafkaEnvelopeHeaderProblem.Malformed, error.Problem);
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageId)]
    [InlineData(KafkaEnvelopeHeaders.MessageName)]
    [InlineData(KafkaEnvelopeHeaders.TenantId)]
    [InlineData(KafkaEnvelopeHeaders.CausationId)]
    [InlineData(KafkaEnvelopeHeaders.UserId)]
    [InlineData(KafkaEnvelopeHeaders.Timestamp)]
    public void Read_WithAHeaderWithoutValue_ThrowsMalformed(string name)
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(name, (byte[]?)null)));

        Assert.Equal(name, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Malformed, error.Problem);
        Assert.Contains("has no value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageName)]
    [InlineData(KafkaEnvelopeHeaders.TenantId)]
    [InlineData(KafkaEnvelopeHeaders.UserId)]
    [InlineData(KafkaEnvelopeHeaders.CrossTenantReason)]
    [InlineData(KafkaEnvelopeHeaders.TraceParent)]
    public void Read_WithTextThatIsNotUtf8_ThrowsMalformed(string name)
    {
        // A lone continuation byte, then an overlong encoding of '/': decoding either would silently change the value.
        foreach (var value in new byte[][] { [0x61, 0x80, 0x62], [0xC0, 0xAF] })
        {
            var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(name, value)));

            Assert.Equal(name, error.HeaderName);
            Assert.Equal(KafkaEnvelopeHeaderProblem.Malformed, error.Problem);
            Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageName, "")]
    [InlineData(KafkaEnvelopeHeaders.MessageName, "   ")]
    [InlineData(KafkaEnvelopeHeaders.CrossTenantReason, "")]
    [InlineData(KafkaEnvelopeHeaders.CrossTenantReason, "\t")]
    public void Read_WithEmptyNameOrCrossTenantReason_ThrowsInvalid(string name, string value)
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(name, value)));

        Assert.Equal(name, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Invalid, error.Problem);
    }

    [Theory]
    [InlineData(KafkaEnvelopeHeaders.MessageId, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")]
    [InlineData(KafkaEnvelopeHeaders.TenantId, "globex")]
    [InlineData(KafkaEnvelopeHeaders.TraceParent, "00-11111111111111111111111111111111-2222222222222222-01")]
    [InlineData(KafkaEnvelopeHeaders.UserId, "mallory")]
    public void Read_WithAHeaderRepeatedWithAnotherValue_ThrowsConflicting(string name, string other)
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
        headers.Add(name, System.Text.Encoding.UTF8.GetBytes(other));

        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(headers));

        Assert.Equal(name, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Conflicting, error.Problem);
        Assert.Contains(other, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithAHeaderRepeatedOnceWithoutValue_ThrowsConflicting()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
        headers.Add(KafkaEnvelopeHeaders.CausationId, null);

        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(headers));

        Assert.Equal(KafkaEnvelopeHeaderProblem.Conflicting, error.Problem);
    }

    [Fact]
    public void Read_FailureAfterTheMessageId_NamesTheMessage()
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWithout(KafkaEnvelopeHeaders.TenantId)));

        Assert.Equal(TestEnvelopes.MessageId, error.MessageId);
        Assert.Contains(TestEnvelopes.MessageId.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfRandomBytesInEveryHeader_ThrowsOnlyKafkaEnvelopeHeaderException()
    {
        // Whatever arrives, nothing but the documented exception escapes (no NullReference, Format or Argument exception).
        var random = new Random(7);
        string[] names = [.. KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full()).Select(h => h.Key)];
        for (var i = 0; i < 3_000; i++)
        {
            var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
            var name = names[random.Next(names.Length)];
            var value = random.Next(10) == 0 ? null : new byte[random.Next(0, 48)];
            if (value is not null)
            {
                random.NextBytes(value);
                if (random.Next(2) == 0)
                {
                    // Mostly printable ASCII, which gets past the UTF-8 check to the parsers.
                    for (var b = 0; b < value.Length; b++)
                    {
                        value[b] = (byte)(0x20 + (value[b] % 0x5F));
                    }
                }
            }

            headers.Remove(name);
            headers.Add(name, value);
            try
            {
                KafkaEnvelopeHeaders.Read(headers);
            }
            catch (KafkaEnvelopeHeaderException error)
            {
                Assert.Equal(name, error.HeaderName);
            }
        }
    }
}
