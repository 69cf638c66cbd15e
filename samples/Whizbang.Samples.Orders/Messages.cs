using Whizbang.Messaging;

namespace Whizbang.Samples.Orders;

public readonly record struct OrderId(int Value)
{
    public override string ToString() => $"order-{Value}";
}

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

[OwnedBy("Orders")]
[RequiresPermission("orders.place")]
public sealed record PlaceOrder(string Customer, IReadOnlyList<OrderLine> Lines) : ICommand<OrderId>;

[OwnedBy("Orders")]
[RequiresPermission("orders.cancel")]
public sealed record CancelOrder(OrderId Order, string Reason) : ICommand;

[OwnedBy("Orders")]
[RequiresPermission("orders.read")]
public sealed record GetOrder(OrderId Order) : IQuery<OrderView?>;

[OwnedBy("Orders")]
[RequiresPermission("orders.read")]
public sealed record ListOrders(string Customer) : IQuery<IReadOnlyList<OrderView>>;

[OwnedBy("Orders")]
[MessageName("orders.order-placed")]
public sealed record OrderPlaced(OrderId Order, string Customer, decimal Total) : IEvent;

[OwnedBy("Orders")]
[MessageName("orders.order-cancelled")]
public sealed record OrderCancelled(OrderId Order, string Reason) : IEvent;

public sealed record OrderView(OrderId Id, string Customer, decimal Total, string Status);
