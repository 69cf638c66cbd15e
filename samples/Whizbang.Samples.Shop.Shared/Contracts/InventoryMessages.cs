using Whizbang.Messaging;

namespace Whizbang.Samples.Shop.Contracts;

// The Inventory domain: stock per SKU, reserved for orders.

/// <summary>Reserves stock for an order. Keyed by SKU, so the reservations of one item are handled in order.</summary>
[OwnedBy("Inventory"), RequiresPermission("inventory.reserve")]
public sealed record ReserveStock(string OrderId, string Sku, int Quantity) : ICommand, IKeyedMessage
{
    public string PartitionKey => Sku;
}

[OwnedBy("Inventory"), RequiresPermission("inventory.restock")]
public sealed record Restock(string Sku, int Quantity) : ICommand;

[OwnedBy("Inventory")] public sealed record StockAdded(string Sku, int Quantity) : IEvent;

[OwnedBy("Inventory")] public sealed record StockReserved(string OrderId, string Sku, int Quantity, int Left) : IEvent;

[OwnedBy("Inventory")] public sealed record StockShortage(string OrderId, string Sku, int Requested, int Available) : IEvent;
