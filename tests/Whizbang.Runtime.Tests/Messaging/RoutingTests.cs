using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Runtime.Tests.Tenancy;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>With UseMessaging, ownership decides where a message runs: here, or in its owner's service through the outbox.</summary>
public sealed class RoutingTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop();

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    [Fact]
    public async Task Send_CommandOfAnotherDomain_WritesOneOutboxRowForItsCommandTopic_AndRunsNoHandler()
    {
        var orderId = Observations.NewKey("o");

        using (TenantScope.Begin("acme", Principals.User("ada", [])))
        {
            await _shop.Whizbang.Send(new ReserveStock("sku-1", 3, orderId));
        }

        Assert.Empty(Observations.Of(orderId));
        Assert.Equal(1, (await _shop.Store.CountAsync()).Pending);
        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal(("warehouse.commands", "acme", "ReserveStock", "acme"), (row.Destination, row.PartitionKey, row.MessageName, row.TenantId));
        Assert.Equal(new ReserveStock("sku-1", 3, orderId), ShopHost.PayloadOf<ReserveStock>(row));
        Assert.Equal(ManualTimeProvider.Start, row.CreatedAt);
        var envelope = ShopHost.EnvelopeOf(row);
        Assert.Equal(row.MessageId, envelope.MessageId);
        Assert.Equal(7, row.MessageId.Version);
        Assert.Equal(("ReserveStock", "acme", "ada"), (envelope.MessageName, envelope.TenantId, envelope.UserId));
        Assert.Equal(envelope.MessageId, envelope.CorrelationId); // an original request starts its own correlation
        Assert.Null(envelope.CausationId);
        Assert.Equal(ManualTimeProvider.Start, envelope.Timestamp);
    }

    [Fact]
    public async Task Send_KeyedCommandOfAnotherDomain_IsKeyedByItsOwnPartitionKey()
    {
        var parcel = Observations.NewKey("p");

        await _shop.Whizbang.Send(new ShipParcel(parcel));

        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal(("warehouse.commands", "parcel-" + parcel, MessageEnvelope.DefaultTenant), (row.Destination, row.PartitionKey, row.TenantId));
    }

    [Fact]
    public async Task Send_FromAHandler_TheSentCommandIsCausedByTheSendingDispatch()
    {
        var orderId = Observations.NewKey("o");

        using (TenantScope.Begin("acme"))
        {
            await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-1", 2));
        }

        var place = Assert.Single(Observations.Of(orderId)).Envelope; // the warehouse's handler did not run here
        var reserve = Assert.Single(await _shop.RelayAllAsync(), m => m.MessageName == "ReserveStock");
        var envelope = ShopHost.EnvelopeOf(reserve);
        Assert.Equal(place.MessageId, envelope.CausationId);
        Assert.Equal(place.CorrelationId, envelope.CorrelationId);
        Assert.NotEqual(place.MessageId, envelope.MessageId);
        Assert.Equal(("acme", "acme"), (envelope.TenantId, reserve.PartitionKey));
    }

    [Fact]
    public async Task Send_CommandOfOwnDomain_RunsHere_AndWritesNoOutboxRow()
    {
        var key = Observations.NewKey("close");

        await _shop.Whizbang.Send(new CloseShop(key));

        var run = Assert.Single(Observations.Of(key));
        Assert.False(run.IsFromTransport);
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Send_CommandWithoutOwner_RunsHere_AndWritesNoOutboxRow()
    {
        var key = Observations.NewKey("ping");

        await _shop.Whizbang.Send(new ShopPing(key));

        Assert.Single(Observations.Of(key));
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Query_OfOwnDomain_RunsHere()
    {
        var key = Observations.NewKey("count");

        Assert.Equal(1, await _shop.Whizbang.Query(new CountShopOrders(key)));
        Assert.Single(Observations.Of(key));
    }

    [Fact]
    public async Task SendWithResult_And_Query_OfAnotherDomain_Throw_AndNothingRunsOrIsWritten()
    {
        var sku = Observations.NewKey("sku");

        var send = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _shop.Whizbang.Send(new ReserveStockNow(sku)));
        var query = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _shop.Whizbang.Query(new CheckStock(sku)));

        Assert.Contains("'ReserveStockNow' belongs to domain 'Warehouse'", send.Message, StringComparison.Ordinal);
        Assert.Contains("'CheckStock' belongs to domain 'Warehouse'", query.Message, StringComparison.Ordinal);
        Assert.Contains("service 'shop'", query.Message, StringComparison.Ordinal);
        Assert.Empty(Observations.Of(sku));
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Publish_EventOfOwnDomain_GoesToTheOutbox_NotToLocalHandlers()
    {
        var code = Observations.NewKey("promo");

        await _shop.Whizbang.Publish(new ShopPromotion(code));

        Assert.Empty(Observations.Of(code)); // its handlers, here too, run from the transport
        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal(("shop.events", MessageEnvelope.DefaultTenant, "shop.promotion"), (row.Destination, row.PartitionKey, row.MessageName));
        Assert.Equal(new ShopPromotion(code), ShopHost.PayloadOf<ShopPromotion>(row));
    }

    [Fact]
    public async Task Publish_EventOfAnotherDomain_Throws_AndNothingRunsOrIsWritten()
    {
        var orderId = Observations.NewKey("o");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _shop.Whizbang.Publish(new StockReserved(orderId, "sku")));

        Assert.Contains("'warehouse.stock-reserved' belongs to domain 'Warehouse'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Observations.Of(orderId));
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Publish_EventWithoutOwner_RunsLocalHandlers_AndWritesNoOutboxRow()
    {
        var key = Observations.NewKey("chat");

        await _shop.Whizbang.Publish(new ShopChat(key));

        Assert.Single(Observations.Of(key));
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Publish_FromAHandler_OwnedEventsLeaveThroughTheOutbox_UnownedOnesRunHere()
    {
        var code = Observations.NewKey("promo");

        await _shop.Whizbang.Send(new AnnounceShopPromotion(code));

        Assert.Equal([nameof(AnnounceShopPromotion), nameof(ShopChat)], Observations.Of(code).Select(o => o.Handler));
        var announce = Observations.Of(code)[0].Envelope;
        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal("shop.promotion", row.MessageName);
        Assert.Equal(announce.MessageId, ShopHost.EnvelopeOf(row).CausationId);
    }

    [Fact]
    public async Task Enqueue_CommandOfAnotherDomain_WritesItToItsCommandTopic()
    {
        var orderId = Observations.NewKey("o");

        await _shop.Whizbang.Enqueue(new ReserveStock("sku", 1, orderId));

        Assert.Empty(Observations.Of(orderId));
        Assert.Equal("warehouse.commands", Assert.Single(await _shop.RelayAllAsync()).Destination);
    }

    [Fact]
    public async Task Enqueue_CommandOfOwnDomain_GoesThroughTheTransport_InsteadOfRunningNow()
    {
        var key = Observations.NewKey("close");

        await _shop.Whizbang.Enqueue(new CloseShop(key));

        Assert.Empty(Observations.Of(key));
        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal(("shop.commands", "CloseShop"), (row.Destination, row.MessageName));
    }

    [Fact]
    public async Task Enqueue_CommandWithoutOwner_Throws()
    {
        var key = Observations.NewKey("ping");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _shop.Whizbang.Enqueue(new ShopPing(key)));

        Assert.Contains(typeof(ShopPing).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("[OwnedBy]", error.Message, StringComparison.Ordinal);
        Assert.Empty(Observations.Of(key));
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task Send_CommandOfAnotherDomainMissingFromTheJsonContext_ThrowsNamingTheType()
    {
        var sku = Observations.NewKey("sku");

        var error = await Assert.ThrowsAsync<EventTypeNotSerializableException>(async () => await _shop.Whizbang.Send(new CountStock(sku)));

        Assert.Equal(typeof(CountStock), error.EventType);
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task UseMessaging_WithoutServiceName_FailsWhenTheContainerResolvesWhizbang()
    {
        await using var services = TestServices.Build(b => b.UseInMemoryEventStore().UseMessaging(ShopJson.Default, m => m.Own("Shop")));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IWhizbang>());

        Assert.Contains("ServiceName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutMessaging_EveryMessageRunsHere_AsBefore()
    {
        await using var services = TestServices.Build(b => b.UseInMemoryEventStore().UseEventSourcing(ShopJson.Default));
        var whizbang = services.GetRequiredService<IWhizbang>();
        var orderId = Observations.NewKey("o");
        var code = Observations.NewKey("promo");

        await whizbang.Send(new ReserveStock("sku", 1, orderId));
        await whizbang.Publish(new StockReserved(orderId, "sku"));
        await whizbang.Publish(new ShopPromotion(code));
        Assert.True(await whizbang.Send(new ReserveStockNow(orderId)));
        Assert.Equal(7, await whizbang.Query(new CheckStock(orderId)));
        var enqueue = await Assert.ThrowsAsync<InvalidOperationException>(async () => await whizbang.Enqueue(new ReserveStock("sku", 1, orderId)));

        Assert.Equal([nameof(ReserveStock), nameof(StockReserved), nameof(ReserveStockNow), nameof(CheckStock)], Observations.Of(orderId).Select(o => o.Handler));
        Assert.Single(Observations.Of(code));
        Assert.Contains("transport", enqueue.Message, StringComparison.Ordinal);
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await services.GetRequiredService<IMessageStore>().CountAsync());
        Assert.Null(services.GetService<OutboxRelay>());
        Assert.Null(services.GetService<IncomingMessageProcessor>());
    }
}
