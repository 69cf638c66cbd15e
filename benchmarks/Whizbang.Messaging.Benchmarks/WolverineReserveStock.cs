namespace Whizbang.Messaging.Benchmarks;

/// <summary>Wolverine's copy of <see cref="ReserveStock"/> (Wolverine needs no marker interface or ownership attribute).</summary>
public sealed record WolverineReserveStock(string OrderId, string Sku, int Quantity);
