using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline.Authorization;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>A received message runs once under its own envelope; its inbox entry commits with the handler's effects.</summary>
public sealed class IncomingMessageTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop(configure: OutboxAtomicityTests.CountWrites);

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    private CountingMessageStore Counting => (CountingMessageStore)_shop.Store;

    [Fact]
    public async Task ACommandSentByOneService_IsHandledOnceByItsOwner_AndARedeliveryIsADuplicate()
    {
        await using var warehouse = ShopHost.Warehouse();
        var orderId = Observations.NewKey("o");
        await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-1", 2));
        var sent = Assert.Single(await _shop.RelayAllAsync(), m => m.Destination == "warehouse.commands");
        var incoming = ShopHost.Received(sent);

        Assert.Equal(IncomingOutcome.Handled, (await warehouse.Processor.ProcessAsync(incoming)).Outcome);
        Assert.Equal(IncomingOutcome.Duplicate, (await warehouse.Processor.ProcessAsync(incoming)).Outcome);

        var run = Assert.Single(Observations.Of(orderId), o => o.Handler == nameof(ReserveStock));
        Assert.Equal(incoming.Envelope, run.Envelope);
        Assert.True(run.IsFromTransport);
        Assert.True(await warehouse.Store.HasProcessedAsync("warehouse", sent.MessageId));
        Assert.False(await warehouse.Store.HasProcessedAsync("shop", sent.MessageId));
        Assert.Equal(1, (await warehouse.Store.CountAsync()).InboxEntries);
    }

    [Fact]
    public async Task HandledEvent_ItsHandlersEventsCarryTheIncomingCorrelationCausationAndTenant_InOneTransactionWithTheInbox()
    {
        var orderId = Observations.NewKey("o");
        var incoming = _shop.Incoming(new StockReserved(orderId, "sku-1"), tenant: "acme");

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(new IncomingResult(IncomingOutcome.Handled), result);
        var envelope = incoming.Envelope;
        var run = Assert.Single(Observations.Of(orderId));
        Assert.Equal((envelope.MessageId, envelope.CorrelationId, "acme", "warehouse-clerk"), (run.Envelope.MessageId, run.Envelope.CorrelationId, run.Envelope.TenantId, run.Envelope.UserId));
        var (_, stored) = Assert.Single(await _shop.ReadAsync(AggregateStreams.For<ShopOrder>("acme", orderId)));
        Assert.Equal((envelope.MessageId, envelope.CorrelationId, "acme", "warehouse-clerk"), (stored.CausationId, stored.CorrelationId, stored.TenantId, stored.UserId));
        Assert.Empty(Counting.Writes); // the inbox entry and the forwarded event rode in the append
        Assert.True(await _shop.Store.HasProcessedAsync("shop", envelope.MessageId));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await _shop.Store.CountAsync());
        Assert.Equal(envelope.MessageId, ShopHost.EnvelopeOf(Assert.Single(await _shop.RelayAllAsync())).CausationId);
    }

    [Fact]
    public async Task HandledMessage_WhoseHandlerAppendsNothing_CommitsItsInboxEntryAlone()
    {
        var code = Observations.NewKey("promo");
        var incoming = _shop.Incoming(new ShopPromotion(code), tenant: "acme");

        Assert.Equal(IncomingOutcome.Handled, (await _shop.Processor.ProcessAsync(incoming)).Outcome);

        var write = Assert.Single(Counting.Writes);
        Assert.Empty(write.Outbox);
        Assert.Equal(("shop", incoming.Envelope.MessageId, "acme", ManualTimeProvider.Start), (write.Inbox!.Consumer, write.Inbox.MessageId, write.Inbox.TenantId, write.Inbox.ProcessedAt));
        Assert.Single(Observations.Of(code));
    }

    [Fact]
    public async Task DuplicateMessage_IsAcknowledgedWithoutRunningItsHandlerAgain()
    {
        var code = Observations.NewKey("promo");
        var incoming = _shop.Incoming(new ShopPromotion(code));
        await _shop.Processor.ProcessAsync(incoming);

        var again = await _shop.Processor.ProcessAsync(incoming with { Source = "test.topic/1@7" });

        Assert.Equal(new IncomingResult(IncomingOutcome.Duplicate), again);
        Assert.Single(Observations.Of(code));
        Assert.Single(Counting.Writes);
    }

    [Fact]
    public async Task ACommandRequiringAPermission_FromTheTransport_RunsWithoutAPrincipal()
    {
        await using var shop = ShopHost.Shop(configure: b => b.UseAuthorization());
        var key = Observations.NewKey("close");
        await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await shop.Whizbang.Send(new CloseShop(key)));
        var incoming = shop.Incoming(new CloseShop(key));

        Assert.Equal(IncomingOutcome.Handled, (await shop.Processor.ProcessAsync(incoming)).Outcome);

        var run = Assert.Single(Observations.Of(key));
        Assert.True(run.IsFromTransport);
        Assert.Null(run.Principal);
        Assert.Equal(incoming.Envelope, run.Envelope);
    }

    [Fact]
    public async Task SubscribedTopics_AreTheOwnedCommandTopicAndTheEventTopicsOfHandledEvents()
    {
        var topics = _shop.Processor.SubscribedTopics;

        Assert.Contains("shop.commands", topics);
        Assert.Contains("shop.events", topics);
        Assert.Contains("warehouse.events", topics);
        Assert.DoesNotContain("warehouse.commands", topics);
        Assert.Equal(topics.Order(StringComparer.Ordinal), topics);
        Assert.Same(_shop.Processor, _shop.Services.GetRequiredService<IncomingMessageProcessor>());
    }
}
