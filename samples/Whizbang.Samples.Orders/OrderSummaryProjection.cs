using Whizbang.Projections;

namespace Whizbang.Samples.Orders;

/// <summary>
/// The read side: one <see cref="OrderView"/> per order, built from the events by Whizbang's projection engine and
/// stored beside them, so listing orders never replays streams. The generator writes the dispatch.
/// </summary>
public sealed partial class OrderSummaryProjection : Projection<OrderView>
{
    private static OrderView Create(OrderPlaced e) => new(e.Order, e.Customer, e.Total, "Placed");

    private static OrderView Apply(OrderView order, OrderCancelled e) => order with { Status = "Cancelled" };

    private static string DocumentId(OrderPlaced e) => e.Order.ToString();

    private static string DocumentId(OrderCancelled e) => e.Order.ToString();
}

/// <summary>Hands out order numbers (a real service would use a database sequence).</summary>
public sealed class OrderNumbers
{
    private int _last;

    public OrderId Next() => new(Interlocked.Increment(ref _last));
}
