namespace Whizbang.Samples.Orders;

/// <summary>
/// The read side: every order as a view, kept up to date by <see cref="OrderBookProjection"/> from the events,
/// so listing orders never replays streams.
/// </summary>
public sealed class OrderBook
{
    private readonly Dictionary<OrderId, OrderView> _orders = [];

    public OrderId NextId() => new(_orders.Count + 1);

    public void Put(OrderView order) => _orders[order.Id] = order;

    public OrderView? Find(OrderId id) => _orders.GetValueOrDefault(id);

    public IReadOnlyList<OrderView> ForCustomer(string customer)
        => _orders.Values.Where(o => o.Customer == customer).OrderBy(o => o.Id.Value).ToList();
}
