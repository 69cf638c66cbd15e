using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

/// <summary>
/// <see cref="IWhizbang"/>'s generic members are sealed (a call costs no generic virtual lookup), so an implementation
/// other than Whizbang's own, a test double or a decorator, provides the <c>Core</c> members, and callers still call
/// <c>Send</c>, <c>Query</c> and <c>Publish</c>.
/// </summary>
public sealed class OtherImplementationTests : IDisposable
{
    private readonly ServiceProvider _services = TestServices.Build();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task TestDouble_CallsThroughTheInterface_ReachTheCoreMembersWithTheirArguments()
    {
        using var cancellation = new CancellationTokenSource();
        IWhizbang whizbang = new ScriptedWhizbang();

        var sum = await whizbang.Send(new Add(2, 3), cancellation.Token);
        var echo = await whizbang.Query(new Echo("ping"), cancellation.Token);
        await whizbang.Publish(new Noticed("x"), cancellation.Token);

        var script = (ScriptedWhizbang)whizbang;
        Assert.Equal(42, sum);
        Assert.Equal("scripted ping", echo);
        Assert.Equal([new Add(2, 3), new Echo("ping"), new Noticed("x")], script.Received);
        Assert.All(script.Tokens, token => Assert.Equal(cancellation.Token, token));
    }

    [Fact]
    public async Task Decorator_ForwardsToTheDispatcher_AndSeesEveryCall()
    {
        IWhizbang decorated = new CountingWhizbang(_services.GetRequiredService<IWhizbang>());

        var sum = await decorated.Send(new Add(2, 3));
        var echo = await decorated.Query(new Echo("ping"));
        await decorated.Publish(new Noticed("x"));

        Assert.Equal(5, sum);
        Assert.Equal("ping", echo);
        Assert.Equal(["alpha x", "beta x"], _services.GetRequiredService<Probe>().Log);
        Assert.Equal(3, ((CountingWhizbang)decorated).Calls);
    }

    /// <summary>A test double with scripted answers, as a mocking library would set one up.</summary>
    private sealed class ScriptedWhizbang : IWhizbang
    {
        public List<object> Received { get; } = [];

        public List<CancellationToken> Tokens { get; } = [];

        public ValueTask<TResult> SendCore<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
            => new((TResult)(object)Record(command, 42, cancellationToken));

        public ValueTask<TResult> QueryCore<TResult>(IQuery<TResult> query, CancellationToken cancellationToken)
            => new((TResult)(object)Record(query, $"scripted {((Echo)(object)query).Text}", cancellationToken));

        public ValueTask PublishCore<TEvent>(TEvent @event, CancellationToken cancellationToken) where TEvent : IEvent
        {
            Record(@event, 0, cancellationToken);
            return default;
        }

        public ValueTask Send(ICommand command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask Enqueue(ICommand command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        private object Record(object message, object answer, CancellationToken cancellationToken)
        {
            Received.Add(message);
            Tokens.Add(cancellationToken);
            return answer;
        }
    }

    /// <summary>A decorator: counts the generic calls and hands each to the inner <see cref="IWhizbang"/>.</summary>
    private sealed class CountingWhizbang(IWhizbang inner) : IWhizbang
    {
        public int Calls { get; private set; }

        public ValueTask<TResult> SendCore<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.Send(command, cancellationToken);
        }

        public ValueTask<TResult> QueryCore<TResult>(IQuery<TResult> query, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.Query(query, cancellationToken);
        }

        public ValueTask PublishCore<TEvent>(TEvent @event, CancellationToken cancellationToken) where TEvent : IEvent
        {
            Calls++;
            return inner.Publish(@event, cancellationToken);
        }

        public ValueTask Send(ICommand command, CancellationToken cancellationToken = default) => inner.Send(command, cancellationToken);

        public ValueTask Enqueue(ICommand command, CancellationToken cancellationToken = default) => inner.Enqueue(command, cancellationToken);

        public ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default) => inner.PublishBatch(events, cancellationToken);
    }
}
