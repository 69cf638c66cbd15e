using System.Globalization;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;

namespace Whizbang.Samples.Orders;

/// <summary>
/// An order, event-sourced: behaviour methods check the rules and raise events; Apply methods change state. The
/// generator writes the dispatch from events to Apply methods and registers <c>IRepository&lt;Order&gt;</c>.
/// Its stream is "order-{id}".
/// </summary>
[OwnedBy("Orders")]
public sealed partial class Order : Aggregate
{
    public string Customer { get; private set; } = string.Empty;

    public decimal Total { get; private set; }

    public string Status { get; private set; } = "New";

    public OrderId OrderId => new(int.Parse(Id, CultureInfo.InvariantCulture));

    public void Place(string customer, IReadOnlyList<OrderLine> lines)
    {
        if (Status != "New")
        {
            throw new InvalidOperationException($"{OrderId} was placed already.");
        }

        Raise(new OrderPlaced(OrderId, customer, lines.Sum(l => l.Quantity * l.UnitPrice)));
    }

    public void Cancel(string reason)
    {
        if (Status != "Placed")
        {
            throw new InvalidOperationException($"{OrderId} cannot be cancelled: it is {Status}.");
        }

        Raise(new OrderCancelled(OrderId, reason));
    }

    private void Apply(OrderPlaced e)
    {
        Customer = e.Customer;
        Total = e.Total;
        Status = "Placed";
    }

    private void Apply(OrderCancelled e) => Status = "Cancelled";
}
