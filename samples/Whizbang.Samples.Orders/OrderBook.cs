namespace Whizbang.Samples.Orders;

/// <summary>The sample's state. An in-memory stand-in until the event store arrives.</summary>
public sealed class OrderBook
{
    private readonly Dictionary<OrderId, OrderView> _orders = [];
    private int _nextId;

    public OrderView Add(string customer, decimal total)
    {
        var order = new OrderView(new OrderId(++_nextId), customer, total, "Placed");
        _orders.Add(order.Id, order);
        return order;
    }

    public OrderView? Find(OrderId id) => _orders.GetValueOrDefault(id);

    public void Update(OrderView order) => _orders[order.Id] = order;

    public IReadOnlyList<OrderView> ForCustomer(string customer)
        => _orders.Values.Where(o => o.Customer == customer).OrderBy(o => o.Id.Value).ToList();
}
