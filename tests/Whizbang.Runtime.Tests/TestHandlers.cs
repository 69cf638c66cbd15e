using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

[HandlerLifetime(ServiceLifetime.Singleton)]
public sealed class ArithmeticHandler(Probe probe) : ICommandHandler<Add, int>, ICommandHandler<Record>, IQueryHandler<Echo, string>, ICommandHandler<Yielding, int>
{
    public ValueTask<int> HandleAsync(Add command, CancellationToken cancellationToken) => new(command.Left + command.Right);

    public ValueTask HandleAsync(Record command, CancellationToken cancellationToken)
    {
        probe.Write("record " + command.Text);
        return ValueTask.CompletedTask;
    }

    public ValueTask<string> HandleAsync(Echo query, CancellationToken cancellationToken) => new(query.Text);

    public async ValueTask<int> HandleAsync(Yielding command, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return command.Value;
    }
}

public sealed class FailureHandler : ICommandHandler<Fail>, ICommandHandler<WaitForCancel>
{
    public static readonly InvalidOperationException Thrown = new("the handler failed");

    public ValueTask HandleAsync(Fail command, CancellationToken cancellationToken) => throw Thrown;

    public async ValueTask HandleAsync(WaitForCancel command, CancellationToken cancellationToken)
        => await Task.Delay(Timeout.Infinite, cancellationToken);
}

public sealed class AlphaListener(Probe probe) : IEventHandler<Noticed>, IEventHandler<Explode>, IEventHandler<Staggered>
{
    public ValueTask HandleAsync(Noticed @event, CancellationToken cancellationToken)
    {
        probe.Write("alpha " + @event.Text);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(Explode @event, CancellationToken cancellationToken)
    {
        probe.Write("alpha explode");
        return @event.First ? throw new InvalidOperationException("alpha failed") : ValueTask.CompletedTask;
    }

    // A faulted task rather than a throw, or a task that completes once the test opens the gate.
    public ValueTask HandleAsync(Staggered @event, CancellationToken cancellationToken)
        => @event.FirstFaults ? ValueTask.FromException(new InvalidOperationException("alpha faulted")) : WriteAfterTheGateAsync();

    private async ValueTask WriteAfterTheGateAsync()
    {
        await probe.Gate.Task;
        probe.Write("alpha staggered");
    }
}

[HandlerLifetime(ServiceLifetime.Singleton)]
public sealed class BetaListener(Probe probe) : IEventHandler<Noticed>, IEventHandler<Explode>, IEventHandler<Staggered>
{
    public async ValueTask HandleAsync(Noticed @event, CancellationToken cancellationToken)
    {
        await Task.Yield();
        probe.Write("beta " + @event.Text);
    }

    public ValueTask HandleAsync(Explode @event, CancellationToken cancellationToken)
    {
        probe.Write("beta explode");
        return @event.Second ? throw new ArgumentException("beta failed") : ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(Staggered @event, CancellationToken cancellationToken)
    {
        probe.Write("beta staggered");
        return ValueTask.CompletedTask;
    }
}

public sealed class TickListener(Probe probe) : IEventHandler<Tick>
{
    public ValueTask HandleAsync(Tick @event, CancellationToken cancellationToken)
    {
        probe.Write("tick " + @event.Count);
        return @event.Fail ? throw new InvalidOperationException("tick failed") : ValueTask.CompletedTask;
    }
}

public sealed class TockListener(Probe probe) : IEventHandler<Tick>
{
    public ValueTask HandleAsync(Tick @event, CancellationToken cancellationToken)
    {
        probe.Write("tock " + @event.Count);
        return ValueTask.CompletedTask;
    }
}

public sealed class ScopeHandlers(ScopeMarker marker, IWhizbang whizbang) : ICommandHandler<WhoAmI, Guid>, ICommandHandler<WhoAmINested, (Guid Outer, Guid Inner)>
{
    public ValueTask<Guid> HandleAsync(WhoAmI command, CancellationToken cancellationToken) => new(marker.Id);

    public async ValueTask<(Guid Outer, Guid Inner)> HandleAsync(WhoAmINested command, CancellationToken cancellationToken)
        => (marker.Id, await whizbang.Send(new WhoAmI(), cancellationToken));
}

[HandlerLifetime(ServiceLifetime.Singleton)]
public sealed class SingletonCounter : ICommandHandler<CountSingleton, int>
{
    private static int s_instances;
    private readonly int _instance = Interlocked.Increment(ref s_instances);

    public ValueTask<int> HandleAsync(CountSingleton command, CancellationToken cancellationToken) => new(_instance);
}

public sealed class PaymentHandler(Probe probe) : ICommandHandler<Pay>, ICommandHandler<Reserve, int>
{
    private int _reservations;

    public ValueTask HandleAsync(Pay command, CancellationToken cancellationToken)
    {
        probe.Write($"pay {command.Amount}");
        return command.Amount < 0 ? throw new ArgumentOutOfRangeException(nameof(command)) : ValueTask.CompletedTask;
    }

    public ValueTask<int> HandleAsync(Reserve command, CancellationToken cancellationToken)
    {
        probe.Write("reserve");
        return new(++_reservations);
    }
}
