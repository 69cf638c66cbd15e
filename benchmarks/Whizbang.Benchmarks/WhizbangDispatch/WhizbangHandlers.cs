using Whizbang.Messaging;

namespace Whizbang.Benchmarks.WhizbangDispatch;

public sealed class WhizbangPingHandler : ICommandHandler<WhizbangPing, WhizbangPong>
{
    private readonly WhizbangPong _pong = new(2);

    public ValueTask<WhizbangPong> HandleAsync(WhizbangPing command, CancellationToken cancellationToken) => new(_pong);
}

public sealed class WhizbangGetValueHandler : IQueryHandler<WhizbangGetValue, WhizbangValue>
{
    private readonly WhizbangValue _value = new(4);

    public ValueTask<WhizbangValue> HandleAsync(WhizbangGetValue query, CancellationToken cancellationToken) => new(_value);
}

public sealed class WhizbangHappenedCounter : IEventHandler<WhizbangHappened>
{
    public int Count { get; private set; }

    public ValueTask HandleAsync(WhizbangHappened @event, CancellationToken cancellationToken)
    {
        Count++;
        return ValueTask.CompletedTask;
    }
}

public sealed class WhizbangHappenedTotal : IEventHandler<WhizbangHappened>
{
    public long Total { get; private set; }

    public ValueTask HandleAsync(WhizbangHappened @event, CancellationToken cancellationToken)
    {
        Total += @event.Value;
        return ValueTask.CompletedTask;
    }
}
