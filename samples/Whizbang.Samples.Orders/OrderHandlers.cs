using Whizbang.Messaging;

namespace Whizbang.Samples.Orders;

/// <summary>Commands change the order book and publish what happened.</summary>
public sealed class OrderCommandHandlers(OrderBook book, IWhizbang whizbang)
    : ICommandHandler<PlaceOrder, OrderId>, ICommandHandler<CancelOrder>
{
    public async ValueTask<OrderId> HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        var order = book.Add(command.Customer, command.Lines.Sum(l => l.Quantity * l.UnitPrice));
        await whizbang.Publish(new OrderPlaced(order.Id, order.Customer, order.Total), cancellationToken);
        return order.Id;
    }

    public async ValueTask HandleAsync(CancelOrder command, CancellationToken cancellationToken)
    {
        var order = book.Find(command.Order) ?? throw new KeyNotFoundException($"Order {command.Order} does not exist.");
        book.Update(order with { Status = "Cancelled" });
        await whizbang.Publish(new OrderCancelled(order.Id, command.Reason), cancellationToken);
    }
}

/// <summary>Queries read the order book.</summary>
public sealed class OrderQueryHandlers(OrderBook book)
    : IQueryHandler<GetOrder, OrderView?>, IQueryHandler<ListOrders, IReadOnlyList<OrderView>>
{
    public ValueTask<OrderView?> HandleAsync(GetOrder query, CancellationToken cancellationToken)
        => ValueTask.FromResult(book.Find(query.Order));

    public ValueTask<IReadOnlyList<OrderView>> HandleAsync(ListOrders query, CancellationToken cancellationToken)
        => ValueTask.FromResult(book.ForCustomer(query.Customer));
}

/// <summary>Two independent reactions to the same events.</summary>
public sealed class CustomerNotifier(TextWriter output) : IEventHandler<OrderPlaced>, IEventHandler<OrderCancelled>
{
    public ValueTask HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        output.WriteLine($"  [email] {@event.Customer}: thank you for {@event.Order} ({@event.Total:0.00})");
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(OrderCancelled @event, CancellationToken cancellationToken)
    {
        output.WriteLine($"  [email] {@event.Order} was cancelled: {@event.Reason}");
        return ValueTask.CompletedTask;
    }
}

[HandlerLifetime(Microsoft.Extensions.DependencyInjection.ServiceLifetime.Singleton)]
public sealed class SalesStatistics : IEventHandler<OrderPlaced>, IEventHandler<OrderCancelled>
{
    public int Placed { get; private set; }

    public int Cancelled { get; private set; }

    public ValueTask HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        Placed++;
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(OrderCancelled @event, CancellationToken cancellationToken)
    {
        Cancelled++;
        return ValueTask.CompletedTask;
    }
}
