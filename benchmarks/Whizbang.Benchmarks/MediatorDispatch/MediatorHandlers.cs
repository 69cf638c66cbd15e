using Mediator;

namespace Whizbang.Benchmarks.MediatorDispatch;

public sealed class MediatorPingHandler : ICommandHandler<MediatorPing, MediatorPong>
{
    private readonly MediatorPong _pong = new(2);

    public ValueTask<MediatorPong> Handle(MediatorPing command, CancellationToken cancellationToken) => new(_pong);
}

public sealed class MediatorGetValueHandler : IQueryHandler<MediatorGetValue, MediatorValue>
{
    private readonly MediatorValue _value = new(4);

    public ValueTask<MediatorValue> Handle(MediatorGetValue query, CancellationToken cancellationToken) => new(_value);
}

public sealed class MediatorHappenedCounter : INotificationHandler<MediatorHappened>
{
    public int Count { get; private set; }

    public ValueTask Handle(MediatorHappened notification, CancellationToken cancellationToken)
    {
        Count++;
        return ValueTask.CompletedTask;
    }
}

public sealed class MediatorHappenedTotal : INotificationHandler<MediatorHappened>
{
    public long Total { get; private set; }

    public ValueTask Handle(MediatorHappened notification, CancellationToken cancellationToken)
    {
        Total += notification.Value;
        return ValueTask.CompletedTask;
    }
}
