using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Contracts;

namespace Whizbang.Samples.Shop.Inventory;

/// <summary>The stock of one SKU (its stream id): restocked, then reserved order by order while enough is left.</summary>
[OwnedBy("Inventory")]
public sealed partial class StockItem : Aggregate
{
    private StockItem()
    {
    }

    public int Available { get; private set; }

    public void Restock(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        Raise(new StockAdded(Id, quantity));
    }

    /// <summary>Reserves <paramref name="quantity"/> for the order, or records the shortage: either way Orders hears back.</summary>
    /// <returns>True when reserved.</returns>
    public bool Reserve(string orderId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity > Available)
        {
            Raise(new StockShortage(orderId, Id, quantity, Available));
            return false;
        }

        Raise(new StockReserved(orderId, Id, quantity, Available - quantity));
        return true;
    }

    private void Apply(StockAdded e) => Available += e.Quantity;

    private void Apply(StockReserved e) => Available = e.Left;

    private void Apply(StockShortage e)
    {
    }
}
