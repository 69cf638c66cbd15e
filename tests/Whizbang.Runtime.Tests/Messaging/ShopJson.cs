using System.Text.Json.Serialization;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>The messages that travel between the shop and the warehouse, as an application lists them for UseMessaging.</summary>
[JsonSerializable(typeof(PlaceShopOrder))]
[JsonSerializable(typeof(PlaceShopOrderThenFail))]
[JsonSerializable(typeof(AnnounceShopPromotion))]
[JsonSerializable(typeof(AnnounceShopPromotions))]
[JsonSerializable(typeof(CloseShop))]
[JsonSerializable(typeof(FlakyShopCommand))]
[JsonSerializable(typeof(RacingShopCommand))]
[JsonSerializable(typeof(CountShopOrders))]
[JsonSerializable(typeof(ShopOrderPlaced))]
[JsonSerializable(typeof(ShopOrderReserved))]
[JsonSerializable(typeof(ShopPromotion))]
[JsonSerializable(typeof(ShopPing))]
[JsonSerializable(typeof(ShopChat))]
[JsonSerializable(typeof(ReserveStock))]
[JsonSerializable(typeof(ShipParcel))]
[JsonSerializable(typeof(CheckStock))]
[JsonSerializable(typeof(ReserveStockNow))]
[JsonSerializable(typeof(StockReserved))]
[JsonSerializable(typeof(StockCounted))]
internal sealed partial class ShopJson : JsonSerializerContext;

/// <summary>Reads and writes envelopes in the runtime's format (camel case, nulls left out), as a transport's tests see them.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageEnvelope))]
internal sealed partial class EnvelopeJson : JsonSerializerContext;
