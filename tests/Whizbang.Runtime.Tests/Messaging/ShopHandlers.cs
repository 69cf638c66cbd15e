using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>The shop's commands. The message store is resolved lazily: containers of other tests register none.</summary>
public sealed class ShopCommandHandlers(IRepository<ShopOrder> orders, IWhizbang whizbang, IServiceProvider services) :
    ICommandHandler<PlaceShopOrder>,
    ICommandHandler<PlaceShopOrderThenFail>,
    ICommandHandler<AnnounceShopPromotion>,
    ICommandHandler<AnnounceShopPromotions>,
    ICommandHandler<CloseShop>,
    ICommandHandler<FlakyShopCommand>,
    ICommandHandler<RacingShopCommand>,
    ICommandHandler<ShopPing>,
    IQueryHandler<CountShopOrders, int>
{
    public const string FailureMessage = "the label printer is out of paper";

    /// <summary>Sends the reservation first, so that it joins the order's append transaction.</summary>
    public async ValueTask HandleAsync(PlaceShopOrder command, CancellationToken cancellationToken)
    {
        Observations.Record(command.OrderId, nameof(PlaceShopOrder));
        await whizbang.Send(new ReserveStock(command.Sku, command.Quantity, command.OrderId), cancellationToken);
        var order = orders.Create(command.OrderId);
        order.Place(command.Sku, command.Quantity);
        await orders.SaveAsync(order, cancellationToken);
    }

    public async ValueTask HandleAsync(PlaceShopOrderThenFail command, CancellationToken cancellationToken)
    {
        Observations.Record(command.OrderId, nameof(PlaceShopOrderThenFail));
        await whizbang.Send(new ReserveStock(command.Sku, 1, command.OrderId), cancellationToken);
        await whizbang.Publish(new ShopPromotion(command.OrderId), cancellationToken);
        orders.Create(command.OrderId).Place(command.Sku, 1); // tracked by the unit of work, never committed
        throw new InvalidOperationException(FailureMessage);
    }

    public async ValueTask HandleAsync(AnnounceShopPromotion command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Code, nameof(AnnounceShopPromotion));
        await whizbang.Publish(new ShopPromotion(command.Code), cancellationToken);
        await whizbang.Publish(new ShopChat(command.Code), cancellationToken);
    }

    public async ValueTask HandleAsync(AnnounceShopPromotions command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Codes[0], nameof(AnnounceShopPromotions));
        await whizbang.PublishBatch([.. command.Codes.Select(code => new ShopPromotion(code))], cancellationToken);
    }

    public ValueTask HandleAsync(CloseShop command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Key, nameof(CloseShop));
        return ValueTask.CompletedTask;
    }

    public async ValueTask HandleAsync(FlakyShopCommand command, CancellationToken cancellationToken)
    {
        var attempt = Observations.Record(command.Key, nameof(FlakyShopCommand));
        await whizbang.Send(new ReserveStock("flaky", attempt, command.Key), cancellationToken);
        if (attempt <= command.Failures)
        {
            throw new InvalidOperationException($"{FailureMessage} (attempt {attempt})");
        }

        var order = orders.Create(command.Key);
        order.Place("flaky", attempt);
        await orders.SaveAsync(order, cancellationToken);
    }

    public async ValueTask HandleAsync(RacingShopCommand command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Key, nameof(RacingShopCommand));
        var envelope = DispatchContext.Current!.Envelope;
        var rival = new InboxEntry("shop", envelope.MessageId, envelope.TenantId, DateTimeOffset.UtcNow);
        await services.GetRequiredService<IMessageStore>().WriteAsync(new MessageWrites(rival, []), cancellationToken);
        var order = orders.Create(command.Key);
        order.Place("race", 1);
        await orders.SaveAsync(order, cancellationToken);
    }

    public ValueTask HandleAsync(ShopPing command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Key, nameof(ShopPing));
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> HandleAsync(CountShopOrders query, CancellationToken cancellationToken)
    {
        Observations.Record(query.Key, nameof(CountShopOrders));
        return ValueTask.FromResult(1);
    }
}

/// <summary>The shop's reactions to events, its own and the warehouse's.</summary>
public sealed class ShopEventHandlers(IRepository<ShopOrder> orders) :
    IEventHandler<StockReserved>, IEventHandler<ShopPromotion>, IEventHandler<ShopChat>
{
    public async ValueTask HandleAsync(StockReserved @event, CancellationToken cancellationToken)
    {
        Observations.Record(@event.OrderId, nameof(StockReserved));
        var order = orders.Create(@event.OrderId);
        order.MarkReserved();
        await orders.SaveAsync(order, cancellationToken);
    }

    public ValueTask HandleAsync(ShopPromotion @event, CancellationToken cancellationToken)
    {
        Observations.Record(@event.Code, nameof(ShopPromotion));
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ShopChat @event, CancellationToken cancellationToken)
    {
        Observations.Record(@event.Key, nameof(ShopChat));
        return ValueTask.CompletedTask;
    }
}
