using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

/// <summary>Spans are collected per test by trace id, so tests running in parallel do not see each other's.</summary>
[Collection(SpanListeners.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly SpanRecorder _spans = new();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task Send_EmitsASendSpanWithAProcessSpanForTheHandler()
    {
        await using var services = TestServices.Build();

        var spans = await _spans.TraceAsync(() => services.GetRequiredService<IWhizbang>().Send(new Add(1, 2)).AsTask());

        var send = Assert.Single(spans, s => s.DisplayName == "send Add");
        Assert.Equal("whizbang", send.GetTagItem(TelemetryTags.MessagingSystem));
        Assert.Equal("send", send.GetTagItem(TelemetryTags.MessagingOperation));
        Assert.Equal("Add", send.GetTagItem(TelemetryTags.MessageName));
        Assert.Equal("Tests", send.GetTagItem(TelemetryTags.Domain));
        Assert.True(Guid.TryParse((string?)send.GetTagItem(TelemetryTags.MessageId), out _));
        var process = Assert.Single(spans, s => s.DisplayName == "process Add");
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(typeof(ArithmeticHandler).FullName, process.GetTagItem(TelemetryTags.Handler));
    }

    [Fact]
    public async Task Query_And_Publish_NameTheirOperation_AndPublishHasOneProcessSpanPerHandler()
    {
        await using var services = TestServices.Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        var spans = await _spans.TraceAsync(async () =>
        {
            await whizbang.Query(new Echo("e"));
            await whizbang.Publish(new Noticed("n"));
        });

        Assert.Equal("query", Assert.Single(spans, s => s.DisplayName == "query Echo").GetTagItem(TelemetryTags.MessagingOperation));
        var publish = Assert.Single(spans, s => s.DisplayName == "publish tests.noticed");
        var handlers = spans.Where(s => s.DisplayName == "process tests.noticed").Select(s => (string?)s.GetTagItem(TelemetryTags.Handler)).ToList();
        Assert.Equal([typeof(AlphaListener).FullName, typeof(BetaListener).FullName], handlers);
        Assert.All(spans.Where(s => s.DisplayName == "process tests.noticed"), s => Assert.Equal(publish.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task FailingHandler_MarksItsSpansAsErrors()
    {
        await using var services = TestServices.Build();

        var spans = await _spans.TraceAsync(async () =>
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new Fail("x"))));

        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans, s => s.DisplayName == "process Fail").Status);
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans, s => s.DisplayName == "send Fail").Status);
    }

    [Fact]
    public async Task Envelope_CarriesTheCallersTraceParent()
    {
        string? traceParent = null;
        var behavior = new RecordingBehavior("b");
        await using var services = TestServices.Build(b => b.AddBehavior(behavior));

        await _spans.TraceAsync(async () =>
        {
            traceParent = Activity.Current!.Id;
            await services.GetRequiredService<IWhizbang>().Send(new Record("r"));
        });

        Assert.Equal(traceParent, Assert.Single(behavior.Seen).Envelope.TraceParent);
    }
}
