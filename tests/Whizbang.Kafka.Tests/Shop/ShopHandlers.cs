using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Transport;

namespace Whizbang.Kafka.Tests.Shop;

/// <summary>Sales: saves the order and asks Stock to reserve; both leave in the order's append transaction.</summary>
public sealed class PlaceOrderHandler(IRepository<SalesOrder> orders, IWhizbang whizbang, Observations observations, MessagingOptions service) : ICommandHandler<PlaceOrder>
{
    public async ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        observations.Record(service.ServiceName, command, DispatchContext.Current!.Envelope);
        var order = orders.Create(command.OrderId);
        order.Place(command.Sku, command.Quantity);
        await whizbang.Send(new ReserveStock(command.OrderId, command.Sku, command.Quantity), cancellationToken); // Stock's: to the outbox
        await orders.SaveAsync(order, cancellationToken);
    }
}

/// <summary>Stock: reserves, which appends StockReserved (published to Stock's event topic).</summary>
public sealed class ReserveStockHandler(IRepository<StockItem> items, Observations observations, MessagingOptions service) : ICommandHandler<ReserveStock>
{
    public async ValueTask HandleAsync(ReserveStock command, CancellationToken cancellationToken)
    {
        observations.Record(service.ServiceName, command, DispatchContext.Current!.Envelope);
        var item = await items.LoadAsync(command.Sku, cancellationToken) ?? items.Create(command.Sku);
        item.Reserve(command.OrderId, command.Quantity);
        await items.SaveAsync(item, cancellationToken);
    }
}

public sealed class StockReservedHandler(Observations observations, MessagingOptions service) : IEventHandler<StockReserved>
{
    public ValueTask HandleAsync(StockReserved @event, CancellationToken cancellationToken)
    {
        observations.Record(service.ServiceName, @event, DispatchContext.Current!.Envelope);
        return default;
    }
}

public sealed class CountStockHandler(Observations observations, MessagingOptions service) : ICommandHandler<CountStock>
{
    public ValueTask HandleAsync(CountStock command, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref observations.FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("The stock count failed (on purpose).");
        }

        observations.Record(service.ServiceName, command, DispatchContext.Current!.Envelope);
        return default;
    }
}
