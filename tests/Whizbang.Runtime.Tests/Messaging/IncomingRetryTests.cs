using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>A failing handler is retried with backoff, each attempt from a clean slate; a message that keeps failing is dead-lettered.</summary>
public sealed class IncomingRetryTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop(m => m.MaxHandlerAttempts = 3);

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    [Fact]
    public async Task AHandlerThatFailsOnce_IsRetriedAfterTheRetryDelay_AndItsEffectsHappenOnce()
    {
        var key = Observations.NewKey("flaky");

        var result = await _shop.Processor.ProcessAsync(_shop.Incoming(new FlakyShopCommand(key, Failures: 1)));

        Assert.Equal(IncomingOutcome.Handled, result.Outcome);
        Assert.Equal(2, Observations.Of(key).Count);
        Assert.Equal([ShopHost.RetryDelay], _shop.Clock.Delays);
        Assert.Single(await _shop.ReadAsync(AggregateStreams.For<ShopOrder>(StreamId.DefaultTenant, key)));
        var sent = await _shop.RelayAllAsync();
        Assert.Equal(["ReserveStock", "shop.order-placed"], sent.Select(m => m.MessageName));
        Assert.Equal(2, ShopHost.PayloadOf<ReserveStock>(sent[0]).Quantity); // sent by the attempt that succeeded
        Assert.Equal(new OutboxCounts(0, 0, 2, 0, 1), await _shop.Store.CountAsync());
    }

    [Fact]
    public async Task AHandlerThatAlwaysFails_IsDeadLetteredAfterMaxHandlerAttempts_WithBackoff_AndLeavesNoEffects()
    {
        var key = Observations.NewKey("flaky");
        var incoming = _shop.Incoming(new FlakyShopCommand(key, Failures: int.MaxValue));

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.Equal($"System.InvalidOperationException: {ShopCommandHandlers.FailureMessage} (attempt 3)", result.Error);
        Assert.Equal(3, Observations.Of(key).Count);
        Assert.Equal([ShopHost.RetryDelay, 2 * ShopHost.RetryDelay], _shop.Clock.Delays);
        var letter = Assert.Single(await _shop.Store.GetDeadLettersAsync(10));
        Assert.Equal((incoming.Envelope.MessageId, 3, result.Error, "FlakyShopCommand"), (letter.MessageId, letter.Attempts, letter.Error, letter.MessageName));
        Assert.Equal(new OutboxCounts(0, 0, 0, 1, 0), await _shop.Store.CountAsync());
        Assert.Null(await _shop.Events.GetStreamVersionAsync(AggregateStreams.For<ShopOrder>(StreamId.DefaultTenant, key)));
    }

    [Fact]
    public async Task AMessageARivalCommittedFirst_IsADuplicate_AndItsHandlersEventsAreNotAppended()
    {
        var key = Observations.NewKey("race");

        var result = await _shop.Processor.ProcessAsync(_shop.Incoming(new RacingShopCommand(key)));

        Assert.Equal(IncomingOutcome.Duplicate, result.Outcome);
        Assert.Single(Observations.Of(key)); // not retried
        Assert.Null(await _shop.Events.GetStreamVersionAsync(AggregateStreams.For<ShopOrder>(StreamId.DefaultTenant, key)));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 1), await _shop.Store.CountAsync());
    }

    [Fact]
    public async Task StoppingDuringARetryDelay_Throws_AndRecordsNothing_SoTheMessageIsRedelivered()
    {
        var clock = new ManualTimeProvider(ManualTimeProvider.Start); // delays wait until the clock is moved
        await using var shop = ShopHost.Shop(configure: null, clock: clock);
        var key = Observations.NewKey("flaky");
        using var stopping = new CancellationTokenSource();

        var processing = shop.Processor.ProcessAsync(shop.Incoming(new FlakyShopCommand(key, Failures: 1)), stopping.Token).AsTask();
        await Eventually.True(() => clock.Delays.Count == 1, "the processor waits before its retry");
        stopping.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processing);
        Assert.Single(Observations.Of(key));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await shop.Store.CountAsync());
    }
}
