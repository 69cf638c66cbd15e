using System.Text.Json.Serialization;
using Whizbang.Messaging;

namespace Whizbang.Messaging.Benchmarks;

// Two domains, as two services own them: Sales takes orders and asks Stock to reserve what they need.

/// <summary>Sales's command whose handler sends <see cref="Count"/> reservations to Stock: they leave in one outbox transaction.</summary>
[OwnedBy("Sales"), PublicMessage] public sealed record PlaceOrders(string Batch, int Count) : ICommand;

/// <summary>Stock's command, keyed by its SKU as an application keys a command by the aggregate it targets.</summary>
[OwnedBy("Stock"), PublicMessage]
public sealed record ReserveStock(string OrderId, string Sku, int Quantity) : ICommand, IKeyedMessage
{
    public string PartitionKey => Sku;
}

[JsonSerializable(typeof(PlaceOrders))]
[JsonSerializable(typeof(ReserveStock))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;
