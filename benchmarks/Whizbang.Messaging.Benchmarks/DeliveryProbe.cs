namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// What a receiving handler reports to the benchmark: the benchmark says which message it waits for, and the handler
/// completes the wait when that one arrives (earlier messages, such as a warm-up's late copies, are ignored).
/// </summary>
public sealed class DeliveryProbe
{
    private readonly Lock _gate = new();
    private string? _expected;
    private TaskCompletionSource? _arrival;

    /// <summary>Starts waiting for the message <paramref name="orderId"/>; call before sending it.</summary>
    public Task Expect(string orderId)
    {
        lock (_gate)
        {
            _expected = orderId;
            _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _arrival.Task;
        }
    }

    public void Arrived(string orderId)
    {
        TaskCompletionSource? arrival = null;
        lock (_gate)
        {
            if (orderId == _expected)
            {
                arrival = _arrival;
                _expected = null;
            }
        }

        arrival?.TrySetResult();
    }
}
