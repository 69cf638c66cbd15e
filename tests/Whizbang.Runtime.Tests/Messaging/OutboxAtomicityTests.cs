using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>Messages commit with the events of the dispatch that sent them, or not at all.</summary>
public sealed class OutboxAtomicityTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop(configure: CountWrites);

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    /// <summary>Separate message-store writes are counted; those an append makes in its own transaction are not.</summary>
    internal static void CountWrites(WhizbangBuilder builder)
        => builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static services => new CountingMessageStore(
            new InMemoryMessageStore(services.GetService<TimeProvider>(), services.GetRequiredService<InMemoryEventStore>()))));

    private CountingMessageStore Counting => (CountingMessageStore)_shop.Store;

    [Fact]
    public async Task HandlerThatSendsAndSaves_ItsMessagesCommitInTheAppendTransaction()
    {
        var orderId = Observations.NewKey("o");

        await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-1", 2));

        Assert.Empty(Counting.Writes); // nothing was written apart from the append
        Assert.Equal(2, (await _shop.Store.CountAsync()).Pending);
        Assert.Single(await _shop.ReadAsync(AggregateStreams.For<ShopOrder>(StreamId.DefaultTenant, orderId)));
        Assert.Equal(["ReserveStock", "shop.order-placed"], (await _shop.RelayAllAsync()).Select(m => m.MessageName));
    }

    [Fact]
    public async Task HandlerThatSendsAndPublishesThenThrows_LeavesNoOutboxRow_AndAppendsNothing()
    {
        var orderId = Observations.NewKey("o");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _shop.Whizbang.Send(new PlaceShopOrderThenFail(orderId, "sku-1")));

        Assert.Equal(ShopCommandHandlers.FailureMessage, error.Message);
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await _shop.Store.CountAsync());
        Assert.Empty(Counting.Writes);
        Assert.Null(await _shop.Events.GetStreamVersionAsync(AggregateStreams.For<ShopOrder>(StreamId.DefaultTenant, orderId)));
        Assert.Equal([nameof(PlaceShopOrderThenFail)], Observations.Of(orderId).Select(o => o.Handler));
    }

    [Fact]
    public async Task HandlerWhoseAppendConflicts_LeavesNoOutboxRow()
    {
        var orderId = Observations.NewKey("o");
        await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-1", 2));
        Assert.Equal(2, (await _shop.RelayAllAsync()).Count);

        await Assert.ThrowsAsync<ConcurrencyException>(async () => await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-2", 5)));

        Assert.Equal(new OutboxCounts(0, 0, 2, 0, 0), await _shop.Store.CountAsync());
        Assert.Equal(2, (await _shop.RelayAllAsync()).Count);
    }

    [Fact]
    public async Task AppendedEventsOfAnOwnedDomain_AreForwarded_KeyedByTheirStream_WithTheEventIdAndStoredMetadata()
    {
        var orderId = Observations.NewKey("o");
        using (TenantScope.Begin("acme"))
        {
            await _shop.Whizbang.Send(new PlaceShopOrder(orderId, "sku-1", 2));
        }

        var stream = AggregateStreams.For<ShopOrder>("acme", orderId);
        var (stored, envelope) = Assert.Single(await _shop.ReadAsync(stream));
        var row = Assert.Single(await _shop.RelayAllAsync(), m => m.MessageName == "shop.order-placed");

        Assert.Equal(stored.EventId, row.MessageId);
        Assert.Equal(("shop.events", "acme/" + stream.Id, "acme"), (row.Destination, row.PartitionKey, row.TenantId));
        Assert.Equal(stored.Data.ToArray(), row.Payload.ToArray());
        Assert.Equal(stored.Metadata.ToArray(), row.Envelope.ToArray());
        Assert.Equal(envelope, ShopHost.EnvelopeOf(row));
        Assert.Equal(ManualTimeProvider.Start, row.CreatedAt);
    }

    [Fact]
    public async Task AppendsOutsideADispatch_ForwardOnlyTheEventsOfOwnedDomains()
    {
        var stream = new StreamId("acme", Observations.NewKey("raw"));

        await _shop.Events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("warehouse.stock-reserved"), Event("shop.chat"), Event("legacy.unknown")]);
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);

        var placed = Event("shop.order-placed");
        await _shop.Events.AppendAsync(stream, ExpectedVersion.Exactly(3), [placed]);
        Assert.Equal(1, (await _shop.Store.CountAsync()).Pending);

        await Assert.ThrowsAsync<ConcurrencyException>(async () => await _shop.Events.AppendAsync(stream, ExpectedVersion.Exactly(3), [Event("shop.order-placed")]));
        var row = Assert.Single(await _shop.RelayAllAsync());
        Assert.Equal((placed.EventId, stream.ToString(), "shop.events"), (row.MessageId, row.PartitionKey, row.Destination));
        Assert.Empty(Counting.Writes);
    }

    [Fact]
    public async Task PublishBatch_OutsideADispatch_WritesEveryOwnedEventInOneWrite_AndRunsUnownedOnesHere()
    {
        var codes = new[] { Observations.NewKey("a"), Observations.NewKey("b"), Observations.NewKey("c") };
        var chat = Observations.NewKey("chat");

        await _shop.Whizbang.PublishBatch([new ShopPromotion(codes[0]), new ShopChat(chat), new ShopPromotion(codes[1]), new ShopPromotion(codes[2])]);

        var write = Assert.Single(Counting.Writes);
        Assert.Equal(codes, write.Outbox.Select(m => ShopHost.PayloadOf<ShopPromotion>(m).Code));
        Assert.Single(Observations.Of(chat));
        Assert.Equal(write.Outbox.Select(m => m.MessageId), (await _shop.RelayAllAsync()).Select(m => m.MessageId));
    }

    [Fact]
    public async Task PublishBatch_WithAnEventOfAnotherDomain_Throws_AndNothingIsWrittenOrRun()
    {
        var chat = Observations.NewKey("chat");
        var orderId = Observations.NewKey("o");

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await _shop.Whizbang.PublishBatch([new ShopPromotion("p"), new ShopChat(chat), new StockReserved(orderId, "sku")]));

        Assert.Empty(Counting.Writes);
        Assert.Equal(0, (await _shop.Store.CountAsync()).Pending);
        Assert.Empty(Observations.Of(chat));
        Assert.Empty(Observations.Of(orderId));
    }

    [Fact]
    public async Task PublishBatch_InsideAHandler_IsWrittenOnceWhenTheDispatchSucceeds()
    {
        var codes = new[] { Observations.NewKey("a"), Observations.NewKey("b"), Observations.NewKey("c") };

        await _shop.Whizbang.Send(new AnnounceShopPromotions(codes));

        var write = Assert.Single(Counting.Writes);
        Assert.Null(write.Inbox);
        Assert.Equal(codes, write.Outbox.Select(m => ShopHost.PayloadOf<ShopPromotion>(m).Code));
        var cause = Assert.Single(Observations.Of(codes[0])).Envelope;
        Assert.All(write.Outbox, m => Assert.Equal(cause.MessageId, ShopHost.EnvelopeOf(m).CausationId));
    }

    private static EventData Event(string name) => new(Guid.CreateVersion7(), name, Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("{}"));
}
