using System.Text;
using Confluent.Kafka;
using Whizbang.Tenancy;

namespace Whizbang.Kafka.Tests;

/// <summary>Values chosen to break naive code: they travel unchanged, or are refused with a specific exception.</summary>
public sealed class KafkaEnvelopeHeadersHostileValueTests
{
    public static TheoryData<string> AcceptedTenants() => new()
    {
        "'; DROP TABLE x; --",
        "Zürich-東京-🚀",
        "tenant with spaces and \"quotes\" and \\backslashes\\",
        new string('t', TenantIds.MaxLength),
        string.Concat(Enumerable.Repeat("🚀", TenantIds.MaxLength / 2)),
    };

    [Theory]
    [MemberData(nameof(AcceptedTenants))]
    public void Tenant_ThatFollowsTheRules_TravelsUnchanged(string tenant)
    {
        var envelope = TestEnvelopes.Full() with { TenantId = tenant };

        var read = KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope));

        Assert.Equal(tenant, read.TenantId);
    }

    public static TheoryData<string> RefusedTenants() => new()
    {
        new string('t', TenantIds.MaxLength + 1),
        string.Concat(Enumerable.Repeat("🚀", (TenantIds.MaxLength / 2) + 1)),
        "",
        "   ",
        "line\nbreak",
        "nul\0byte",
    };

    [Theory]
    [MemberData(nameof(RefusedTenants))]
    public void TenantHeader_ThatBreaksTheRules_IsRefused(string tenant)
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.TenantId, tenant)));

        Assert.Equal(KafkaEnvelopeHeaders.TenantId, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Invalid, error.Problem);
        Assert.IsType<ArgumentException>(error.InnerException);
        Assert.Equal(TestEnvelopes.MessageId, error.MessageId);
    }

    [Fact]
    public void TenantHeader_OfAMegabyte_IsRefusedBeforeItIsDecoded()
    {
        var error = Assert.Throws<KafkaEnvelopeHeaderException>(
            () => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.TenantId, new byte[1 << 20])));

        Assert.Equal(KafkaEnvelopeHeaderProblem.Invalid, error.Problem);
        Assert.Contains("1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RefusedTenants))]
    public void Write_OfEnvelopeWithInvalidTenant_IsRefusedAndLeavesTheHeadersAlone(string tenant)
    {
        var headers = new Headers { { "content-type", "application/json"u8.ToArray() } };

        Assert.Throws<ArgumentException>(() => KafkaEnvelopeHeaders.Write(TestEnvelopes.Full() with { TenantId = tenant }, headers));

        Assert.Equal(["content-type"], headers.Select(h => h.Key));
    }

    [Fact]
    public void Write_OfTextWithALoneSurrogate_IsRefusedAndLeavesTheHeadersAlone()
    {
        var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Minimal());
        var before = headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();

        var error = Assert.Throws<ArgumentException>(() => KafkaEnvelopeHeaders.Write(TestEnvelopes.Full() with { UserId = "ada\uD800" }, headers));

        Assert.Contains("UserId", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))));
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-zzzz-not-hex-99")]
    [InlineData("'; DROP TABLE x; --")]
    [InlineData("|hierarchical.id.1.")]
    [InlineData("")]
    public void TraceParent_IsCarriedAsOpaqueText(string traceParent)
    {
        var envelope = TestEnvelopes.Full() with { TraceParent = traceParent };

        var read = KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope));

        Assert.Equal(traceParent, read.TraceParent);
    }

    [Fact]
    public void TraceParentHeader_WithoutValue_ReadsAsNoTrace()
    {
        var read = KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.TraceParent, (byte[]?)null));

        Assert.Null(read.TraceParent);
    }

    [Fact]
    public void UserIdAndReason_WithQuotesNewlinesAndUnicode_TravelUnchanged()
    {
        var envelope = TestEnvelopes.Full() with { UserId = "robert'); DROP TABLE students;--\r\n😈", CrossTenantReason = "audit\nexport \u202Eevil" };

        var read = KafkaEnvelopeHeaders.Read(KafkaEnvelopeHeaders.ToHeaders(envelope));

        Assert.Equal(envelope.UserId, read.UserId);
        Assert.Equal(envelope.CrossTenantReason, read.CrossTenantReason);
    }

    [Fact]
    public void ExceptionMessage_ShowsAHostileValueShortenedAndWithoutControlCharacters()
    {
        var hostile = "not-a-guid\r\nFAKE LOG LINE: all good\u001b[31m" + new string('x', 10_000);

        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(TestEnvelopes.FullWith(KafkaEnvelopeHeaders.CorrelationId, hostile)));

        Assert.DoesNotContain(error.Message, char.IsControl);
        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Contains($"({Encoding.UTF8.GetByteCount(hostile)} bytes)", error.Message, StringComparison.Ordinal);
    }
}
