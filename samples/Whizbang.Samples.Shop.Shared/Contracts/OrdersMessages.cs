using Whizbang.Messaging;

namespace Whizbang.Samples.Shop.Contracts;

// The Orders domain: what it accepts and what it tells the world.

[OwnedBy("Orders"), RequiresPermission("orders.place")]
public sealed record PlaceOrder(string OrderId, string Sku, int Quantity) : ICommand;

[OwnedBy("Orders")] public sealed record OrderPlaced(string OrderId, string Sku, int Quantity) : IEvent;

[OwnedBy("Orders")] public sealed record OrderConfirmed(string OrderId) : IEvent;

[OwnedBy("Orders")] public sealed record OrderRejected(string OrderId, string Reason) : IEvent;
