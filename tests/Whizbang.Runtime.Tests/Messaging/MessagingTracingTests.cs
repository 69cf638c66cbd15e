using System.Diagnostics;
using Whizbang.Diagnostics;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>Trace context travels with the message: out through the outbox, back in as the parent of the consume span.</summary>
[Collection(SpanListeners.Name)]
public sealed class MessagingTracingTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new();
    private readonly ShopHost _shop = ShopHost.Shop();

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host and listener running.
    public async Task DisposeAsync()
    {
        _spans.Dispose();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task Consume_StartsASpanUnderTheEnvelopesTraceParent_AndTheHandlerRunsInsideIt()
    {
        var orderId = Observations.NewKey("o");
        ActivitySpanId sender = default;
        IncomingMessage? incoming = null;

        var spans = await _spans.TraceAsync(async () =>
        {
            sender = Activity.Current!.SpanId;
            incoming = _shop.Incoming(new StockReserved(orderId, "sku"), traceParent: Activity.Current.Id);
            Activity.Current = null; // the consumer's own flow knows nothing of the sender's trace
            Assert.Equal(IncomingOutcome.Handled, (await _shop.Processor.ProcessAsync(incoming)).Outcome);
        });

        var consume = Assert.Single(spans, s => s.DisplayName == "consume warehouse.stock-reserved");
        Assert.Equal(sender, consume.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, consume.Kind);
        Assert.Equal(("process", "test.topic/0@1", "handled"), (consume.GetTagItem(TelemetryTags.MessagingOperation), consume.GetTagItem(TelemetryTags.Destination), consume.GetTagItem(TelemetryTags.Outcome)));
        Assert.Equal(incoming!.Envelope.MessageId.ToString(), consume.GetTagItem(TelemetryTags.MessageId));
        Assert.Contains(spans, s => s.ParentSpanId == consume.SpanId);
        var (_, stored) = Assert.Single(await _shop.ReadAsync(AggregateStreams.For<ShopOrder>("default", orderId)));
        Assert.Equal(consume.TraceId, ActivityContext.Parse(stored.TraceParent!, null).TraceId);
    }

    [Fact]
    public async Task SendThroughTheOutbox_CarriesTheSendersTraceParent()
    {
        string? traceParent = null;

        await _spans.TraceAsync(async () =>
        {
            traceParent = Activity.Current!.Id;
            await _shop.Whizbang.Send(new ReserveStock("sku", 1, Observations.NewKey("o")));
        });

        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal(traceParent, ShopHost.EnvelopeOf(row).TraceParent);
    }
}
