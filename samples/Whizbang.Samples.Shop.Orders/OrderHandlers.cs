using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Samples.Shop.Hosting;

namespace Whizbang.Samples.Shop.Orders;

/// <summary>
/// Places the order and asks Inventory to reserve its stock. ReserveStock is Inventory's command, so Send writes it to
/// the outbox, in the same SQLite transaction as the order's events: both happen, or neither.
/// </summary>
internal sealed class PlaceOrderHandler(IRepository<Order> orders, IWhizbang whizbang, ServiceConsole console) : ICommandHandler<PlaceOrder>
{
    public async ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        var order = orders.Create(command.OrderId);
        order.Place(command.Sku, command.Quantity);
        await whizbang.Send(new ReserveStock(command.OrderId, command.Sku, command.Quantity), cancellationToken);
        await orders.SaveAsync(order, cancellationToken);
        console.WriteLine($"{command.OrderId}: placed, {command.Quantity} x {command.Sku}, correlation {DispatchContext.Current!.Envelope.CorrelationId:N}; asked Inventory to reserve");
    }
}

/// <summary>Inventory's answers arrive from its event topic; each is handled once, however often Kafka delivers it.</summary>
internal sealed class StockAnswerHandler(IRepository<Order> orders, OrderOutcomes outcomes, ServiceConsole console)
    : IEventHandler<StockReserved>, IEventHandler<StockShortage>
{
    public async ValueTask HandleAsync(StockReserved @event, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(@event.OrderId, cancellationToken) ?? throw UnknownOrder(@event.OrderId);
        order.Confirm();
        await orders.SaveAsync(order, cancellationToken);
        console.WriteLine($"{@event.OrderId}: confirmed ({@event.Left} x {@event.Sku} left)");
        outcomes.Settled(order);
    }

    public async ValueTask HandleAsync(StockShortage @event, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(@event.OrderId, cancellationToken) ?? throw UnknownOrder(@event.OrderId);
        order.Reject($"only {@event.Available} x {@event.Sku} in stock");
        await orders.SaveAsync(order, cancellationToken);
        console.WriteLine($"{@event.OrderId}: rejected, {order.RejectionReason}");
        outcomes.Settled(order);
    }

    private static InvalidOperationException UnknownOrder(string orderId) => new($"Inventory answered for order {orderId}, which this service never placed.");
}
