using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Samples.Shop.Hosting;

namespace Whizbang.Samples.Shop.Inventory;

/// <summary>
/// Reserves stock for an order that arrived from Orders through Kafka. The answer (StockReserved or StockShortage) is
/// Inventory's event: appending it also writes it to the outbox, and the inbox entry that makes a redelivery a no-op
/// commits in the same transaction.
/// </summary>
internal sealed class ReserveStockHandler(IRepository<StockItem> stock, ServiceConsole console) : ICommandHandler<ReserveStock>
{
    public async ValueTask HandleAsync(ReserveStock command, CancellationToken cancellationToken)
    {
        var item = await stock.LoadAsync(command.Sku, cancellationToken) ?? stock.Create(command.Sku);
        var reserved = item.Reserve(command.OrderId, command.Quantity);
        await stock.SaveAsync(item, cancellationToken);
        var envelope = DispatchContext.Current!.Envelope;
        console.WriteLine($"{command.OrderId}: {command.Quantity} x {command.Sku} for {envelope.UserId} of tenant {envelope.TenantId}, correlation {envelope.CorrelationId:N}: "
            + (reserved ? $"reserved, {item.Available} left" : $"short, {item.Available} left"));
    }
}

internal sealed class RestockHandler(IRepository<StockItem> stock, ServiceConsole console) : ICommandHandler<Restock>
{
    public async ValueTask HandleAsync(Restock command, CancellationToken cancellationToken)
    {
        var item = await stock.LoadAsync(command.Sku, cancellationToken) ?? stock.Create(command.Sku);
        item.Restock(command.Quantity);
        await stock.SaveAsync(item, cancellationToken);
        console.WriteLine($"{command.Sku}: {item.Available} in stock");
    }
}
