namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// Wolverine's Stock handler. Static: Wolverine would create an instance handler's class on every message; the probe
/// is a singleton its generated adapter receives once.
/// </summary>
public static class WolverineReserveStockHandler
{
    public static void Handle(WolverineReserveStock command, DeliveryProbe probe) => probe.Arrived(command.OrderId);
}
