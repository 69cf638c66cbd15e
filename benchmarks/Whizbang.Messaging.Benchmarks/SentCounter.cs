using System.Diagnostics.Metrics;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// Listens to Whizbang's <c>whizbang.outbox.sent</c> counter (messages the relay saw acknowledged and marked sent), so
/// that a benchmark learns when its messages are out without querying the outbox while the relay works.
/// </summary>
internal sealed class SentCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _sent;
    private long _target;
    private TaskCompletionSource? _reached;

    public SentCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Whizbang" && instrument.Name == "whizbang.outbox.sent")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Add(value));
        _listener.Start();
    }

    /// <summary>Completes once <paramref name="count"/> more messages than so far were marked sent.</summary>
    public Task WaitForMore(long count)
    {
        lock (_gate)
        {
            _target = _sent + count;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task;
        }
    }

    private void Add(long value)
    {
        TaskCompletionSource? reached = null;
        lock (_gate)
        {
            _sent += value;
            if (_reached is not null && _sent >= _target)
            {
                reached = _reached;
                _reached = null;
            }
        }

        reached?.TrySetResult();
    }

    public void Dispose() => _listener.Dispose();
}
