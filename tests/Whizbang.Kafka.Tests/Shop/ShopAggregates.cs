using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;

namespace Whizbang.Kafka.Tests.Shop;

[OwnedBy("Sales")]
public sealed partial class SalesOrder : Aggregate
{
    private SalesOrder()
    {
    }

    public bool IsPlaced { get; private set; }

    public void Place(string sku, int quantity) => Raise(new OrderPlaced(Id, sku, quantity));

    private void Apply(OrderPlaced e) => IsPlaced = true;
}

[OwnedBy("Stock")]
public sealed partial class StockItem : Aggregate
{
    private StockItem()
    {
    }

    public int Reserved { get; private set; }

    public void Reserve(string orderId, int quantity) => Raise(new StockReserved(orderId, Id, quantity));

    private void Apply(StockReserved e) => Reserved += e.Quantity;
}
