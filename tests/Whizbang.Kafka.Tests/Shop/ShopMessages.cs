using System.Text.Json.Serialization;
using Whizbang.Messaging;

namespace Whizbang.Kafka.Tests.Shop;

// Two domains, as two services would own them: Sales takes orders, Stock reserves what they need.

[OwnedBy("Sales"), PublicMessage] public sealed record PlaceOrder(string OrderId, string Sku, int Quantity) : ICommand;

[OwnedBy("Sales")] public sealed record OrderPlaced(string OrderId, string Sku, int Quantity) : IEvent;

[OwnedBy("Stock"), RequiresPermission("stock.reserve")]
public sealed record ReserveStock(string OrderId, string Sku, int Quantity) : ICommand, IKeyedMessage
{
    public string PartitionKey => Sku;
}

[OwnedBy("Stock")] public sealed record StockReserved(string OrderId, string Sku, int Quantity) : IEvent;

/// <summary>A command whose handler fails as often as <see cref="Observations.FailuresLeft"/> says.</summary>
[OwnedBy("Stock"), PublicMessage] public sealed record CountStock(string Sku) : ICommand;

[JsonSerializable(typeof(PlaceOrder))]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(ReserveStock))]
[JsonSerializable(typeof(StockReserved))]
[JsonSerializable(typeof(CountStock))]
internal sealed partial class ShopJson : JsonSerializerContext;
