using Whizbang.Outbox;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>The relay sends what is due, in order, once per lease; failures are retried with backoff or dead-lettered.</summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop(m => m.MaxSendAttempts = 3, OutboxAtomicityTests.CountWrites);

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    [Fact]
    public async Task RelayBatch_SendsWhatIsDueInTheOrderWritten_AndMarksItSent()
    {
        var codes = new[] { Observations.NewKey("a"), Observations.NewKey("b"), Observations.NewKey("c") };
        foreach (var code in codes)
        {
            await _shop.Whizbang.Publish(new ShopPromotion(code));
        }

        Assert.Equal(3, await _shop.Relay.RelayBatchAsync());

        var batch = Assert.Single(_shop.Transport.Batches);
        Assert.Equal(codes, batch.Select(m => ShopHost.PayloadOf<ShopPromotion>(m).Code));
        Assert.Equal(new OutboxCounts(0, 0, 3, 0, 0), await _shop.Store.CountAsync());
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        Assert.Single(_shop.Transport.Batches);
    }

    [Fact]
    public async Task RelayBatch_TakesAtMostTheBatchSize()
    {
        await using var shop = ShopHost.Shop(m => m.RelayBatchSize = 2);
        for (var i = 0; i < 5; i++)
        {
            await shop.Whizbang.Send(new ShipParcel(Observations.NewKey("p")));
        }

        var counts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(await shop.Relay.RelayBatchAsync());
        }

        Assert.Equal([2, 2, 1, 0], counts);
        Assert.Equal(5, shop.Transport.Delivered.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task TransientFailure_IsRetriedAtItsRetryTime_NotBefore_AndHoldsBackItsKey()
    {
        var failing = await SendReservationAsync();
        await _shop.Whizbang.Publish(new ShopPromotion(Observations.NewKey("promo")));
        _shop.Transport.Fail(failing, "broker busy", times: 1);

        Assert.Equal(1, await _shop.Relay.RelayBatchAsync()); // the promotion, on another topic, is not held back
        var later = await SendReservationAsync(); // same destination and key: waits behind the failed one
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        _shop.Clock.Advance(ShopHost.RetryDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        Assert.Equal(new OutboxCounts(2, 0, 1, 0, 0), await _shop.Store.CountAsync());

        _shop.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await _shop.Relay.RelayBatchAsync());

        Assert.Equal([failing, later], _shop.Transport.Delivered.Skip(1).Select(m => m.MessageId));
        Assert.Equal(2, _shop.Transport.AttemptsOf(failing));
        Assert.Equal(new OutboxCounts(0, 0, 3, 0, 0), await _shop.Store.CountAsync());
    }

    [Fact]
    public async Task FailuresUntilMaxSendAttempts_DeadLetterTheMessageWithTheError_AfterBackoff()
    {
        var failing = await SendReservationAsync();
        _shop.Transport.Fail(failing, "broker busy");

        Assert.Equal(0, await _shop.Relay.RelayBatchAsync()); // attempt 1; retry after RetryDelay
        _shop.Clock.Advance(ShopHost.RetryDelay);
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync()); // attempt 2; retry after twice that
        _shop.Clock.Advance((2 * ShopHost.RetryDelay) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        Assert.Equal(2, _shop.Transport.AttemptsOf(failing));
        _shop.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync()); // attempt 3 of 3: given up

        var letter = Assert.Single(await _shop.Store.GetDeadLettersAsync(10));
        Assert.Equal((failing, DeadLetterOrigin.Outbox, "warehouse.commands", null, "ReserveStock"), (letter.MessageId, letter.Origin, letter.Source, letter.Consumer, letter.MessageName));
        Assert.Equal(("broker busy", 3, "default"), (letter.Error, letter.Attempts, letter.TenantId));
        Assert.Equal(failing, ShopHost.EnvelopeOf(Assert.Single(_shop.Transport.Batches[0])).MessageId);
        Assert.Equal(_shop.Transport.Batches[0][0].Payload.ToArray(), letter.Payload.ToArray());
        Assert.Equal(_shop.Transport.Batches[0][0].Envelope.ToArray(), letter.Envelope.ToArray());
        Assert.Equal(new OutboxCounts(0, 0, 0, 1, 0), await _shop.Store.CountAsync());
        _shop.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        Assert.Equal(3, _shop.Transport.AttemptsOf(failing));
    }

    [Fact]
    public async Task PermanentFailure_DeadLettersAtOnce_AndReleasesItsKey()
    {
        var failing = await SendReservationAsync();
        var next = await SendReservationAsync();
        _shop.Transport.Fail(failing, "message too large", permanent: true);

        Assert.Equal(1, await _shop.Relay.RelayBatchAsync());

        var letter = Assert.Single(await _shop.Store.GetDeadLettersAsync(10));
        Assert.Equal((failing, "message too large", 1), (letter.MessageId, letter.Error, letter.Attempts));
        Assert.Equal([next], _shop.Transport.Delivered.Select(m => m.MessageId));
        _shop.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        Assert.Equal(1, _shop.Transport.AttemptsOf(failing));
    }

    [Fact]
    public async Task TwoRelays_NeverSendTheSameMessageTwice_WhileTheirLeasesHold()
    {
        await using var shop = ShopHost.Shop(m => m.RelayBatchSize = 2);
        await using var replica = ShopHost.ReplicaOf(shop, m => m.RelayBatchSize = 2);
        for (var i = 0; i < 4; i++)
        {
            await shop.Whizbang.Send(new ShipParcel(Observations.NewKey("p")));
        }

        var hold = shop.Transport.HoldNextSend();
        var first = shop.Relay.RelayBatchAsync().AsTask();
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, await replica.Relay.RelayBatchAsync()); // the two the first relay did not lease
        Assert.Equal(0, await replica.Relay.RelayBatchAsync()); // the rest is leased
        hold.Release();
        Assert.Equal(2, await first);
        Assert.Equal(0, await shop.Relay.RelayBatchAsync());
        Assert.Equal(0, await replica.Relay.RelayBatchAsync());

        var sent = shop.Transport.Delivered.Concat(replica.Transport.Delivered).Select(m => m.MessageId).ToList();
        Assert.Equal(4, sent.Count);
        Assert.Equal(4, sent.Distinct().Count());
        Assert.Equal(new OutboxCounts(0, 0, 4, 0, 0), await shop.Store.CountAsync());
    }

    [Fact]
    public async Task OneKeysMessages_StayWithTheRelayThatLeasedTheFirst_AndKeepTheirOrder()
    {
        await using var shop = ShopHost.Shop(m => m.RelayBatchSize = 1, OutboxAtomicityTests.CountWrites);
        await using var replica = ShopHost.ReplicaOf(shop);
        var parcel = Observations.NewKey("p");
        await shop.Whizbang.Send(new ShipParcel(parcel));
        await shop.Whizbang.Send(new ShipParcel(parcel));

        var hold = shop.Transport.HoldNextSend();
        var first = shop.Relay.RelayBatchAsync().AsTask();
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await replica.Relay.RelayBatchAsync()); // the second waits for the first, leased elsewhere
        hold.Release();
        Assert.Equal(1, await first);
        Assert.Equal(1, await replica.Relay.RelayBatchAsync());

        var written = ((CountingMessageStore)shop.Store).Writes.Select(w => Assert.Single(w.Outbox).MessageId).ToList();
        Assert.Equal(written[0], Assert.Single(shop.Transport.Delivered).MessageId);
        Assert.Equal(written[1], Assert.Single(replica.Transport.Delivered).MessageId);
    }

    [Fact]
    public async Task ARelayThatDiesAfterClaiming_ItsMessagesAreSentByAnotherOnceTheLeaseExpires()
    {
        var ids = new[] { await SendReservationAsync(), await SendReservationAsync() };
        var lease = _shop.Options.RelayLease;
        Assert.Equal(2, (await _shop.Store.ClaimAsync("crashed-replica", 10, lease)).Count);
        Assert.Equal(new OutboxCounts(2, 2, 0, 0, 0), await _shop.Store.CountAsync());

        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        _shop.Clock.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _shop.Relay.RelayBatchAsync());
        _shop.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await _shop.Relay.RelayBatchAsync());

        Assert.Equal(ids, _shop.Transport.Delivered.Select(m => m.MessageId));
        Assert.Equal(new OutboxCounts(0, 0, 2, 0, 0), await _shop.Store.CountAsync());
    }

    /// <summary>Sends a reservation to the warehouse (all of them share a destination and key) and returns its outbox id.</summary>
    private async Task<Guid> SendReservationAsync()
    {
        await _shop.Whizbang.Send(new ReserveStock("sku", 1, Observations.NewKey("o")));
        return Assert.Single(((CountingMessageStore)_shop.Store).Writes[^1].Outbox).MessageId;
    }
}
