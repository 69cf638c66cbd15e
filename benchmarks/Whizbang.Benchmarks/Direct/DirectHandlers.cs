namespace Whizbang.Benchmarks.Direct;

/// <summary>The shape of a request handler, so the baseline pays one interface call like the frameworks' handlers do.</summary>
public interface IDirectRequestHandler<in TRequest, TResult>
{
    ValueTask<TResult> HandleAsync(TRequest request, CancellationToken cancellationToken);
}

/// <summary>The shape of an event handler.</summary>
public interface IDirectEventHandler<in TEvent>
{
    ValueTask HandleAsync(TEvent @event, CancellationToken cancellationToken);
}

public sealed class DirectPingHandler : IDirectRequestHandler<DirectPing, DirectPong>
{
    private readonly DirectPong _pong = new(2);

    public ValueTask<DirectPong> HandleAsync(DirectPing request, CancellationToken cancellationToken) => new(_pong);
}

public sealed class DirectGetValueHandler : IDirectRequestHandler<DirectGetValue, DirectValue>
{
    private readonly DirectValue _value = new(4);

    public ValueTask<DirectValue> HandleAsync(DirectGetValue request, CancellationToken cancellationToken) => new(_value);
}

public sealed class DirectHappenedCounter : IDirectEventHandler<DirectHappened>
{
    public int Count { get; private set; }

    public ValueTask HandleAsync(DirectHappened @event, CancellationToken cancellationToken)
    {
        Count++;
        return ValueTask.CompletedTask;
    }
}

public sealed class DirectHappenedTotal : IDirectEventHandler<DirectHappened>
{
    public long Total { get; private set; }

    public ValueTask HandleAsync(DirectHappened @event, CancellationToken cancellationToken)
    {
        Total += @event.Value;
        return ValueTask.CompletedTask;
    }
}
