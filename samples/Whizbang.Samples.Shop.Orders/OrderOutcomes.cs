using System.Collections.Concurrent;

namespace Whizbang.Samples.Shop.Orders;

/// <summary>Lets whoever placed an order wait for Inventory's answer (a web app would push it to the browser instead).</summary>
public sealed class OrderOutcomes
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<OrderStatus>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes with the order's status once it is confirmed or rejected.</summary>
    public Task<OrderStatus> WhenSettled(string orderId) => Waiter(orderId).Task;

    internal void Settled(Order order) => Waiter(order.Id).TrySetResult(order.Status);

    private TaskCompletionSource<OrderStatus> Waiter(string orderId)
        => _waiting.GetOrAdd(orderId, static _ => new TaskCompletionSource<OrderStatus>(TaskCreationOptions.RunContinuationsAsynchronously));
}
