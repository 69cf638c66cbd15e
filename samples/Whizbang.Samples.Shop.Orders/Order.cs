using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Contracts;

namespace Whizbang.Samples.Shop.Orders;

/// <summary>An order: placed, then confirmed or rejected once Inventory has answered. Its stream is the order id.</summary>
[OwnedBy("Orders")]
public sealed partial class Order : Aggregate
{
    private Order()
    {
    }

    public string Sku { get; private set; } = string.Empty;

    public int Quantity { get; private set; }

    public OrderStatus Status { get; private set; }

    public string? RejectionReason { get; private set; }

    public void Place(string sku, int quantity)
    {
        if (quantity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "An order needs at least one item.");
        }

        Raise(new OrderPlaced(Id, sku, quantity));
    }

    public void Confirm()
    {
        if (Status == OrderStatus.Pending)
        {
            Raise(new OrderConfirmed(Id));
        }
    }

    public void Reject(string reason)
    {
        if (Status == OrderStatus.Pending)
        {
            Raise(new OrderRejected(Id, reason));
        }
    }

    private void Apply(OrderPlaced e)
    {
        Sku = e.Sku;
        Quantity = e.Quantity;
        Status = OrderStatus.Pending;
    }

    private void Apply(OrderConfirmed e) => Status = OrderStatus.Confirmed;

    private void Apply(OrderRejected e)
    {
        Status = OrderStatus.Rejected;
        RejectionReason = e.Reason;
    }
}

public enum OrderStatus
{
    Pending,
    Confirmed,
    Rejected,
}
