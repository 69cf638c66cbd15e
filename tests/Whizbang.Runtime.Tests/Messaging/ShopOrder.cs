using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.Messaging;

[OwnedBy("Shop")]
public sealed partial class ShopOrder : Aggregate
{
    private ShopOrder()
    {
    }

    public string? Sku { get; private set; }

    public bool Reserved { get; private set; }

    public void Place(string sku, int quantity) => Raise(new ShopOrderPlaced(Id, sku, quantity));

    public void MarkReserved() => Raise(new ShopOrderReserved(Id));

    private void Apply(ShopOrderPlaced e) => Sku = e.Sku;

    private void Apply(ShopOrderReserved e) => Reserved = true;
}
