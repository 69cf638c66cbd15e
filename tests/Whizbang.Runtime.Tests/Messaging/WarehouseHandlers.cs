using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>The warehouse service's handlers; in the shop's container they must never run for its messages.</summary>
public sealed class WarehouseHandlers :
    ICommandHandler<ReserveStock>,
    ICommandHandler<ShipParcel>,
    ICommandHandler<CountStock>,
    IQueryHandler<CheckStock, int>,
    ICommandHandler<ReserveStockNow, bool>
{
    public ValueTask HandleAsync(ReserveStock command, CancellationToken cancellationToken)
    {
        Observations.Record(command.OrderId, nameof(ReserveStock));
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ShipParcel command, CancellationToken cancellationToken)
    {
        Observations.Record(command.ParcelId, nameof(ShipParcel));
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(CountStock command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Sku, nameof(CountStock));
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> HandleAsync(CheckStock query, CancellationToken cancellationToken)
    {
        Observations.Record(query.Sku, nameof(CheckStock));
        return ValueTask.FromResult(7);
    }

    public ValueTask<bool> HandleAsync(ReserveStockNow command, CancellationToken cancellationToken)
    {
        Observations.Record(command.Sku, nameof(ReserveStockNow));
        return ValueTask.FromResult(true);
    }
}
