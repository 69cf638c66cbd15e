namespace Whizbang.Messaging.Benchmarks;

/// <summary>Stock: tells the waiting benchmark that the reservation arrived.</summary>
public sealed class ReserveStockHandler(DeliveryProbe probe) : ICommandHandler<ReserveStock>
{
    public ValueTask HandleAsync(ReserveStock command, CancellationToken cancellationToken)
    {
        probe.Arrived(command.OrderId);
        return default;
    }
}
