using System.Text.Json.Serialization;

namespace Whizbang.Samples.Shop.Contracts;

/// <summary>Every message that travels between the services, serialized without reflection (native AOT).</summary>
[JsonSerializable(typeof(PlaceOrder))]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderConfirmed))]
[JsonSerializable(typeof(OrderRejected))]
[JsonSerializable(typeof(ReserveStock))]
[JsonSerializable(typeof(Restock))]
[JsonSerializable(typeof(StockAdded))]
[JsonSerializable(typeof(StockReserved))]
[JsonSerializable(typeof(StockShortage))]
public sealed partial class ShopJson : JsonSerializerContext;
