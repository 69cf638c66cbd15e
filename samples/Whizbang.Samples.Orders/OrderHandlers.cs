using System.Globalization;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Projections;

namespace Whizbang.Samples.Orders;

/// <summary>Commands load or create the order aggregate, call its behaviour, save its events and publish them.</summary>
public sealed class OrderCommandHandlers(IRepository<Order> orders, OrderNumbers numbers, IWhizbang whizbang)
    : ICommandHandler<PlaceOrder, OrderId>, ICommandHandler<CancelOrder>
{
    public async ValueTask<OrderId> HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        var order = orders.Create(numbers.Next().Value.ToString(CultureInfo.InvariantCulture));
        order.Place(command.Customer, command.Lines);
        await SaveAndPublishAsync(order, cancellationToken);
        return order.OrderId;
    }

    public async ValueTask HandleAsync(CancelOrder command, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(command.Order.Value.ToString(CultureInfo.InvariantCulture), cancellationToken)
            ?? throw new KeyNotFoundException($"Order {command.Order} does not exist.");
        order.Cancel(command.Reason);
        await SaveAndPublishAsync(order, cancellationToken);
    }

    private async ValueTask SaveAndPublishAsync(Order order, CancellationToken cancellationToken)
    {
        var events = order.UncommittedEvents.ToList();
        await orders.SaveAsync(order, cancellationToken); // optimistic: fails if the stream moved since the load
        await whizbang.PublishBatch(events, cancellationToken);
    }
}

/// <summary>Queries: one order straight from its stream, a customer's orders from the read side.</summary>
public sealed class OrderQueryHandlers(IRepository<Order> orders, IProjectionStore<OrderView> views)
    : IQueryHandler<GetOrder, OrderView?>, IQueryHandler<ListOrders, IReadOnlyList<OrderView>>
{
    public async ValueTask<OrderView?> HandleAsync(GetOrder query, CancellationToken cancellationToken)
        => await orders.LoadAsync(query.Order.Value.ToString(CultureInfo.InvariantCulture), cancellationToken) is { } order
            ? new OrderView(order.OrderId, order.Customer, order.Total, order.Status)
            : null;

    public async ValueTask<IReadOnlyList<OrderView>> HandleAsync(ListOrders query, CancellationToken cancellationToken)
        => (await views.QueryAsync(new DocumentQuery().Where(nameof(OrderView.Customer), query.Customer), cancellationToken)).Documents;
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
