using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.Messaging;

// The "Warehouse" domain: another service owns it. Its handlers are compiled into this assembly too (as in an
// application whose services share one codebase), so only ownership decides where its messages run.

[OwnedBy("Warehouse"), PublicMessage] public sealed record ReserveStock(string Sku, int Quantity, string OrderId) : ICommand;

/// <summary>Chooses its partition key, so every message about one parcel keeps its order.</summary>
[OwnedBy("Warehouse"), PublicMessage] public sealed record ShipParcel(string ParcelId) : ICommand, IKeyedMessage
{
    public string PartitionKey => "parcel-" + ParcelId;
}

[OwnedBy("Warehouse"), PublicMessage] public sealed record CheckStock(string Sku) : IQuery<int>;

[OwnedBy("Warehouse"), PublicMessage] public sealed record ReserveStockNow(string Sku) : ICommand<bool>;

/// <summary>Deliberately missing from <see cref="ShopJson"/>: it cannot travel.</summary>
[OwnedBy("Warehouse"), PublicMessage] public sealed record CountStock(string Sku) : ICommand;

[OwnedBy("Warehouse"), MessageName("warehouse.stock-reserved")] public sealed record StockReserved(string OrderId, string Sku) : IEvent;

/// <summary>No service here handles it.</summary>
[OwnedBy("Warehouse"), MessageName("warehouse.stock-counted")] public sealed record StockCounted(string Sku) : IEvent;
