using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.Messaging;

// The "Shop" domain: the service under test owns it (Own("Shop")). Keys (order ids, codes) are unique per test, so the
// handlers' observations of parallel tests never mix.

[OwnedBy("Shop"), PublicMessage] public sealed record PlaceShopOrder(string OrderId, string Sku, int Quantity) : ICommand;

[OwnedBy("Shop"), PublicMessage] public sealed record PlaceShopOrderThenFail(string OrderId, string Sku) : ICommand;

[OwnedBy("Shop"), PublicMessage] public sealed record AnnounceShopPromotion(string Code) : ICommand;

[OwnedBy("Shop"), PublicMessage] public sealed record AnnounceShopPromotions(string[] Codes) : ICommand;

[OwnedBy("Shop"), RequiresPermission("shop.close")] public sealed record CloseShop(string Key) : ICommand;

/// <summary>Its handler sends a command, then fails its first <paramref name="Failures"/> attempts; after that it places an order.</summary>
[OwnedBy("Shop"), PublicMessage] public sealed record FlakyShopCommand(string Key, int Failures) : ICommand;

/// <summary>Its handler records the message in the inbox itself (as a rival replica would) before saving an order.</summary>
[OwnedBy("Shop"), PublicMessage] public sealed record RacingShopCommand(string Key) : ICommand;

[OwnedBy("Shop"), PublicMessage] public sealed record CountShopOrders(string Key) : IQuery<int>;

[OwnedBy("Shop"), MessageName("shop.order-placed")] public sealed record ShopOrderPlaced(string OrderId, string Sku, int Quantity) : IEvent;

[OwnedBy("Shop"), MessageName("shop.order-reserved")] public sealed record ShopOrderReserved(string OrderId) : IEvent;

[OwnedBy("Shop"), MessageName("shop.promotion")] public sealed record ShopPromotion(string Code) : IEvent;

#pragma warning disable WHIZ101 // deliberately without an owner: such messages never leave the process
[PublicMessage] public sealed record ShopPing(string Key) : ICommand;

[MessageName("shop.chat")] public sealed record ShopChat(string Key) : IEvent;
#pragma warning restore WHIZ101
