using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

/// <summary>
/// What a dispatch does, on both of the dispatcher's paths: the tests run once per subclass below, and each path must
/// behave the same.
/// </summary>
public abstract class DispatchTests(ServiceLifetime? handlerLifetime) : IDisposable
{
    private readonly ServiceProvider _services = handlerLifetime is { } lifetime
        ? TestServices.Build(b => b.UseHandlerLifetime(lifetime), validateOnBuild: false)
        : TestServices.Build();

    private IWhizbang Whizbang => _services.GetRequiredService<IWhizbang>();

    private Probe Probe => _services.GetRequiredService<Probe>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Send_CommandWithResult_ReturnsTheHandlersResult()
    {
        Assert.Equal(5, await Whizbang.Send(new Add(2, 3)));
    }

    [Fact]
    public async Task Send_CommandWithoutResult_RunsItsHandler()
    {
        await Whizbang.Send(new Record("hello"));

        Assert.Equal(["record hello"], Probe.Log);
    }

    [Fact]
    public async Task Query_StructQuery_ReturnsTheAnswer()
    {
        Assert.Equal("ping", await Whizbang.Query(new Echo("ping")));
    }

    [Fact]
    public async Task Send_HandlerThatCompletesAsynchronously_ReturnsItsResult()
    {
        Assert.Equal(9, await Whizbang.Send(new Yielding(9)));
    }

    [Fact]
    public async Task Publish_RunsEveryHandlerInHandlerNameOrder()
    {
        await Whizbang.Publish(new Noticed("x"));

        Assert.Equal(["alpha x", "beta x"], Probe.Log);
    }

    [Fact]
    public async Task Publish_ThroughTheIEventInterface_ReachesTheSameHandlers()
    {
        IEvent @event = new Noticed("boxed");

        await Whizbang.Publish(@event);

        Assert.Equal(["alpha boxed", "beta boxed"], Probe.Log);
    }

    [Fact]
    public async Task Publish_EventWithoutHandlers_DoesNothing()
    {
        await Whizbang.Publish(new Unheard());

        Assert.Empty(Probe.Log);
    }

    [Fact]
    public async Task Send_CommandWithoutHandler_ThrowsNoHandlerExceptionNamingTheType()
    {
        var error = await Assert.ThrowsAsync<NoHandlerException>(async () => await Whizbang.Send(new Orphan()));

        Assert.Equal(typeof(Orphan), error.MessageType);
        Assert.Contains("Whizbang.Runtime.Tests.Orphan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WithoutHandler_ThrowsNoHandlerException()
    {
        await Assert.ThrowsAsync<NoHandlerException>(async () => await Whizbang.Query(new OrphanQuery()));
    }

    [Fact]
    public async Task Send_Null_ThrowsArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Whizbang.Send((Record)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Whizbang.Send((Add)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Whizbang.Publish((Noticed)null!));
    }

    [Fact]
    public async Task Send_HandlerThrows_TheSameExceptionSurfacesUnchanged()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Whizbang.Send(new Fail("boom")));

        Assert.Same(FailureHandler.Thrown, error);
    }

    [Fact]
    public async Task Publish_OneHandlerThrows_LaterHandlersStillRunAndItsExceptionSurfacesUnchanged()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Whizbang.Publish(new Explode(First: true, Second: false)));

        Assert.Equal("alpha failed", error.Message);
        Assert.Equal(["alpha explode", "beta explode"], Probe.Log);
    }

    [Fact]
    public async Task Publish_FirstHandlerCompletesAsynchronously_TheNextRunsAfterIt()
    {
        var publishing = Whizbang.Publish(new Staggered(FirstFaults: false));

        Assert.False(publishing.IsCompleted);
        Assert.Empty(Probe.Log);
        Probe.Gate.SetResult();
        await publishing;
        Assert.Equal(["alpha staggered", "beta staggered"], Probe.Log);
    }

    [Fact]
    public async Task Publish_FirstHandlerReturnsAFaultedTask_TheNextStillRunsAndTheFaultSurfaces()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Whizbang.Publish(new Staggered(FirstFaults: true)));

        Assert.Equal("alpha faulted", error.Message);
        Assert.Equal(["beta staggered"], Probe.Log);
    }

    [Fact]
    public async Task Publish_StructEvent_ReachesEveryHandler()
    {
        await Whizbang.Publish(new Tick(3, Fail: false));

        Assert.Equal(["tick 3", "tock 3"], Probe.Log);
    }

    [Fact]
    public async Task Publish_StructEventWhoseFirstHandlerThrows_TheOtherStillRuns()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Whizbang.Publish(new Tick(4, Fail: true)));

        Assert.Equal("tick failed", error.Message);
        Assert.Equal(["tick 4", "tock 4"], Probe.Log);
    }

    [Fact]
    public async Task Publish_TwoHandlersThrow_AggregateExceptionHoldsBothInOrder()
    {
        var error = await Assert.ThrowsAsync<AggregateException>(async () => await Whizbang.Publish(new Explode(First: true, Second: true)));

        Assert.Collection(error.InnerExceptions,
            e => Assert.Equal("alpha failed", e.Message),
            e => Assert.StartsWith("beta failed", e.Message, StringComparison.Ordinal));
        Assert.Contains("Explode", error.Message, StringComparison.Ordinal); // names the event
    }

    [Fact]
    public async Task PublishBatch_PublishesEveryEventInOrder()
    {
        await Whizbang.PublishBatch([new Noticed("1"), new Unheard(), new Noticed("2")]);

        Assert.Equal(["alpha 1", "beta 1", "alpha 2", "beta 2"], Probe.Log);
    }

    [Fact]
    public async Task PublishBatch_WithANullEvent_PublishesNothing()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Whizbang.PublishBatch([new Noticed("1"), null!]));

        Assert.Contains("Event 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(Probe.Log);
    }

    [Fact]
    public async Task PublishBatch_AFailingEvent_DoesNotStopLaterEvents()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Whizbang.PublishBatch([new Explode(First: true, Second: false), new Noticed("after")]));

        Assert.Equal(["alpha explode", "beta explode", "alpha after", "beta after"], Probe.Log);
    }

    [Fact]
    public async Task Send_WithAnAlreadyCancelledToken_RunsNoHandler()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Whizbang.Send(new Record("never"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Whizbang.Send(new Add(1, 1), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Whizbang.Publish(new Noticed("never"), cancelled.Token));

        Assert.Empty(Probe.Log);
    }

    [Fact]
    public async Task Send_CancelledWhileTheHandlerRuns_TheHandlerSeesTheToken()
    {
        using var cancellation = new CancellationTokenSource();
        var pending = Whizbang.Send(new WaitForCancel(), cancellation.Token).AsTask();
        Assert.False(pending.IsCompleted);

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }
}

/// <summary>The full path: handlers have the default scoped lifetime, so every dispatch opens a DI scope around them.</summary>
public sealed class FullPathDispatchTests() : DispatchTests(handlerLifetime: null);

/// <summary>
/// The direct path: singleton handlers, no behaviour and no transport, so the dispatcher hands each message straight to
/// the generated route. It shares its collection with the tests that listen to spans, so none listens meanwhile.
/// </summary>
[Collection(SpanListeners.Name)]
public sealed class DirectPathDispatchTests() : DispatchTests(ServiceLifetime.Singleton);
