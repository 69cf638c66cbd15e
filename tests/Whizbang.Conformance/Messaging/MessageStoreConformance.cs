using System.Collections.Concurrent;
using System.Text;
using Whizbang.Conformance.Projections;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Messaging;

/// <summary>
/// The message store contract (outbox, inbox, dead letters), run against every driver: each driver's test class derives
/// from this one and says how to create an empty message store and the event store whose appends write to it. Every
/// test gets stores of its own, because claims see every message in the store; leases run on <see cref="Clock"/>.
/// </summary>
public abstract class MessageStoreConformance : IAsyncLifetime
{
    /// <summary>Where <see cref="Clock"/> starts: whole seconds, which every driver stores exactly.</summary>
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The lease of every claim; tests let it expire by moving <see cref="Clock"/>.</summary>
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private const string Tenant = "tenant-a";
    private const string Owner = "relay-a";
    private const string OtherOwner = "relay-b";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private IMessageStore? _store;
    private IEventStore? _events;
    private int _messages;

    /// <summary>The clock the stores run on.</summary>
    protected ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>The message store under test.</summary>
    protected IMessageStore Store => _store ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    /// <summary>The event store whose appends write the flow's <see cref="PendingMessages"/> to <see cref="Store"/>.</summary>
    protected IEventStore Events => _events ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    /// <summary>Creates an empty message store and the event store writing to it, both on <see cref="Clock"/>.</summary>
    protected abstract Task<(IMessageStore Messages, IEventStore Events)> CreateStoresAsync();

    public virtual async Task InitializeAsync() => (_store, _events) = await CreateStoresAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task WrittenMessages_AreClaimedOldestFirst_WithEveryFieldAndByteIntact()
    {
        var first = Message("k1") with { Payload = new byte[] { 0x00, 0xFF, 0x7B, 0x80, 0x0A }, Envelope = new byte[] { 0xFE, 0x00, 0x01 } };
        var second = Message("k2", destination: "invoices");
        var third = Message("k1");
        await WriteAsync(first, second);
        await WriteAsync(third);

        var claimed = await Store.ClaimAsync(Owner, 10, Lease);

        AssertMessages([first, second, third], claimed);
        Assert.All(claimed, c => Assert.Equal((0, Start + Lease), (c.Attempts, c.LeaseExpiresAt)));
    }

    [Fact]
    public async Task EmptyPayloadAndEnvelope_RoundTripEmpty()
    {
        var bare = Message("k") with { Payload = ReadOnlyMemory<byte>.Empty, Envelope = ReadOnlyMemory<byte>.Empty };
        await WriteAsync(bare);

        var claimed = Assert.Single(await Store.ClaimAsync(Owner, 10, Lease));

        Assert.True(claimed.Message.Payload.IsEmpty);
        Assert.True(claimed.Message.Envelope.IsEmpty);
    }

    [Fact]
    public async Task AClaim_LeasesItsMessages_SoAnotherOwnerGetsThemOnlyAfterTheLeaseExpires()
    {
        var messages = new[] { Message("k1"), Message("k2") };
        await WriteAsync(messages);

        AssertMessages(messages, await Store.ClaimAsync(Owner, 10, Lease));
        Assert.Empty(await Store.ClaimAsync(OtherOwner, 10, Lease));
        Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await Store.ClaimAsync(OtherOwner, 10, Lease));

        Pass(TimeSpan.FromSeconds(1));

        var taken = await Store.ClaimAsync(OtherOwner, 10, Lease);
        AssertMessages(messages, taken);
        Assert.All(taken, c => Assert.Equal(Clock.GetUtcNow() + Lease, c.LeaseExpiresAt));
        Assert.Empty(await Store.ClaimAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task TheOwner_ClaimingAgain_GetsItsMessagesBack_WithTheLeaseRenewed()
    {
        var message = Message("k");
        await WriteAsync(message);
        Assert.Single(await Store.ClaimAsync(Owner, 10, Lease));

        Clock.Advance(TimeSpan.FromSeconds(40));
        var renewed = Assert.Single(await Store.ClaimAsync(Owner, 10, Lease));
        Assert.Equal(message.MessageId, renewed.Message.MessageId);
        Assert.Equal(Start + TimeSpan.FromSeconds(40) + Lease, renewed.LeaseExpiresAt);

        // Past the first lease, within the renewed one.
        Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(await Store.ClaimAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task AKeyWhoseFirstMessageAnotherOwnerHolds_HoldsBackItsLaterMessages_WhileOtherKeysFlow()
    {
        var head = Message("k1");
        await WriteAsync(head);
        Assert.Single(await Store.ClaimAsync(Owner, 10, Lease));
        var behind = Message("k1");
        var otherKey = Message("k2");
        var otherDestination = Message("k1", destination: "invoices");
        await WriteAsync(behind, otherKey, otherDestination);

        AssertMessages([otherKey, otherDestination], await Store.ClaimAsync(OtherOwner, 10, Lease));

        await Store.MarkSentAsync([head.MessageId]);
        AssertMessages([behind, otherKey, otherDestination], await Store.ClaimAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task AKeyWhoseFirstMessageWaitsForARetry_HoldsBackItsLaterMessages_UntilItIsDue()
    {
        var head = Message("k1");
        var behind = Message("k1");
        var otherKey = Message("k2");
        await WriteAsync(head, behind, otherKey);
        AssertMessages([head], await Store.ClaimAsync(Owner, 1, Lease));
        await Store.RetryLaterAsync(head.MessageId, "broker down", Start + TimeSpan.FromSeconds(10));

        AssertMessages([otherKey], await Store.ClaimAsync(OtherOwner, 10, Lease));
        Clock.Advance(TimeSpan.FromSeconds(9));
        AssertMessages([otherKey], await Store.ClaimAsync(OtherOwner, 10, Lease));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var due = await Store.ClaimAsync(OtherOwner, 10, Lease);
        AssertMessages([head, behind, otherKey], due);
        Assert.Equal([1, 0, 0], due.Select(c => c.Attempts));
    }

    [Fact]
    public async Task MaxCount_LimitsAClaim_AndTheRestGoToTheNextOwner_ButAKeyIsNeverSplitBetweenOwners()
    {
        var spread = Enumerable.Range(0, 5).Select(i => Message("spread-" + i)).ToArray();
        await WriteAsync(spread);

        AssertMessages(spread[..2], await Store.ClaimAsync(Owner, 2, Lease));
        AssertMessages(spread[2..], await Store.ClaimAsync(OtherOwner, 10, Lease));

        var sameKey = Enumerable.Range(0, 3).Select(_ => Message("same")).ToArray();
        await WriteAsync(sameKey);
        AssertMessages(sameKey[..2], await Store.ClaimAsync("relay-c", 2, Lease));
        Assert.Empty(await Store.ClaimAsync("relay-d", 10, Lease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.ClaimAsync(Owner, 0, Lease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.ClaimAsync(Owner, 1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ClaimAsync(" ", 1, Lease));
    }

    [Fact]
    public async Task MarkSent_TakesMessagesOutOfClaims_AndCountsThemAsSent()
    {
        var messages = new[] { Message("k1"), Message("k2"), Message("k3") };
        await WriteAsync(messages);
        Assert.Equal(3, (await Store.ClaimAsync(Owner, 10, Lease)).Count);

        await Store.MarkSentAsync([messages[0].MessageId, messages[2].MessageId, Guid.CreateVersion7()]);

        Assert.Equal(new OutboxCounts(1, 1, 2, 0, 0), await Store.CountAsync());
        AssertMessages([messages[1]], await Store.ClaimAsync(Owner, 10, Lease));
        Pass(Lease);
        AssertMessages([messages[1]], await Store.ClaimAsync(OtherOwner, 10, Lease));
        await Store.MarkSentAsync([messages[0].MessageId]);
        await Store.MarkSentAsync([]);
        Assert.Equal(new OutboxCounts(1, 1, 2, 0, 0), await Store.CountAsync());
    }

    [Fact]
    public async Task RetryLater_CountsTheAttempt_DelaysTheMessage_AndReleasesItsLease()
    {
        var message = Message("k");
        await WriteAsync(message);
        Assert.Single(await Store.ClaimAsync(Owner, 10, Lease));

        await Store.RetryLaterAsync(message.MessageId, "timeout", Start + TimeSpan.FromSeconds(5));

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.CountAsync());
        Assert.Empty(await Store.ClaimAsync(OtherOwner, 10, Lease));
        Clock.Advance(TimeSpan.FromSeconds(5)); // due, and well within the released lease
        var retried = Assert.Single(await Store.ClaimAsync(OtherOwner, 10, Lease));
        Assert.Equal((message.MessageId, 1), (retried.Message.MessageId, retried.Attempts));

        await Store.RetryLaterAsync(message.MessageId, "timeout again", Clock.GetUtcNow());
        Assert.Equal(2, Assert.Single(await Store.ClaimAsync(Owner, 10, Lease)).Attempts);
    }

    [Fact]
    public async Task DeadLetter_MovesTheMessageToDeadLetters_WithItsErrorAndAttempts()
    {
        var message = Message("k") with { Payload = new byte[] { 1, 2, 3 }, Envelope = new byte[] { 4, 5 } };
        var other = Message("k2");
        await WriteAsync(message, other);
        Assert.Equal(2, (await Store.ClaimAsync(Owner, 10, Lease)).Count);
        await Store.RetryLaterAsync(message.MessageId, "timeout", Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromSeconds(3));

        await Store.DeadLetterAsync(message.MessageId, "MessageTooLarge: 2 MB");
        await Store.DeadLetterAsync(Guid.CreateVersion7(), "not there");

        var letter = Assert.Single(await Store.GetDeadLettersAsync(10));
        Assert.Equal(
            ((Guid?)message.MessageId, DeadLetterOrigin.Outbox, message.Destination, (string?)null, (string?)message.MessageName, (string?)Tenant, "MessageTooLarge: 2 MB", 2, Clock.GetUtcNow()),
            (letter.MessageId, letter.Origin, letter.Source, letter.Consumer, letter.MessageName, letter.TenantId, letter.Error, letter.Attempts, letter.FailedAt));
        Assert.Equal(message.Payload.ToArray(), letter.Payload.ToArray());
        Assert.Equal(message.Envelope.ToArray(), letter.Envelope.ToArray());
        Assert.Equal(new OutboxCounts(1, 1, 0, 1, 0), await Store.CountAsync());
        AssertMessages([other], await Store.ClaimAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task AddDeadLetter_KeepsEveryField_AndGetDeadLetters_ReturnsTheNewestFirst()
    {
        var letters = new[]
        {
            new DeadLetter(Guid.CreateVersion7(), DeadLetterOrigin.Inbox, "orders/0@17", "billing", "OrderPlaced", Tenant, new byte[] { 0, 1, 2 }, new byte[] { 3 }, "FormatException: bad", 5, Start),
            new DeadLetter(null, DeadLetterOrigin.Inbox, "orders/1@4", "billing", null, null, new byte[] { 9 }, ReadOnlyMemory<byte>.Empty, "no message id header", 1, Start.AddSeconds(1)),
            new DeadLetter(Guid.CreateVersion7(), DeadLetterOrigin.Outbox, "invoices", null, "InvoiceSent", "tenant-b", ReadOnlyMemory<byte>.Empty, new byte[] { 7, 7 }, "gave up", 10, Start.AddSeconds(2)),
        };
        foreach (var letter in letters)
        {
            await Store.AddDeadLetterAsync(letter);
        }

        var newest = await Store.GetDeadLettersAsync(2);
        var all = await Store.GetDeadLettersAsync(10);

        Assert.Equal([letters[2].Error, letters[1].Error], newest.Select(l => l.Error));
        Assert.Equal(3, all.Count);
        for (var i = 0; i < 3; i++)
        {
            var (expected, actual) = (letters[2 - i], all[i]);
            Assert.Equal(
                (expected.MessageId, expected.Origin, expected.Source, expected.Consumer, expected.MessageName, expected.TenantId, expected.Error, expected.Attempts, expected.FailedAt),
                (actual.MessageId, actual.Origin, actual.Source, actual.Consumer, actual.MessageName, actual.TenantId, actual.Error, actual.Attempts, actual.FailedAt));
            Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
            Assert.Equal(expected.Envelope.ToArray(), actual.Envelope.ToArray());
        }

        Assert.Equal(3, (await Store.CountAsync()).DeadLetters);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.GetDeadLettersAsync(0));
    }

    [Fact]
    public async Task TheInbox_RecordsWhatEachConsumerHandled()
    {
        var handled = Guid.CreateVersion7();

        await Store.WriteAsync(new MessageWrites(new InboxEntry("billing", handled, Tenant, Start), []));

        Assert.True(await Store.HasProcessedAsync("billing", handled));
        Assert.False(await Store.HasProcessedAsync("shipping", handled));
        Assert.False(await Store.HasProcessedAsync("billing", Guid.CreateVersion7()));
        await Store.WriteAsync(new MessageWrites(new InboxEntry("shipping", handled, Tenant, Start), []));
        Assert.True(await Store.HasProcessedAsync("shipping", handled));
        Assert.Equal(2, (await Store.CountAsync()).InboxEntries);
    }

    [Fact]
    public async Task ADuplicateInboxEntry_ThrowsDuplicateMessageException_AndWritesNoneOfItsBatch()
    {
        var handled = Guid.CreateVersion7();
        var first = Message("k1");
        await Store.WriteAsync(new MessageWrites(new InboxEntry("billing", handled, Tenant, Start), [first]));

        var error = await Assert.ThrowsAsync<DuplicateMessageException>(async () => await Store.WriteAsync(
            new MessageWrites(new InboxEntry("billing", handled, Tenant, Start.AddMinutes(1)), [Message("k2"), Message("k3")])));

        Assert.Equal(("billing", handled), (error.Consumer, error.MessageId));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await Store.CountAsync());
        AssertMessages([first], await Store.ClaimAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task AReusedOutboxMessageId_IsRefusedWithArgumentException_AndNothingIsWritten()
    {
        var stored = Message("k1");
        await WriteAsync(stored);
        var handled = Guid.CreateVersion7();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Store.WriteAsync(
            new MessageWrites(new InboxEntry("billing", handled, Tenant, Start), [Message("k2"), stored with { PartitionKey = "k3" }])));

        Assert.Contains(stored.MessageId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(await Store.HasProcessedAsync("billing", handled));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.CountAsync());
    }

    [Fact]
    public async Task InvalidWrites_AreRefusedWithArgumentException_AndNothingIsWritten()
    {
        var longText = new string('x', MessageWrites.MaxTextLength + 1);
        var twice = Message("k");
        MessageWrites[] invalid =
        [
            new(null, [Message("k") with { Destination = "" }]),
            new(null, [Message("k") with { Destination = "   " }]),
            new(null, [Message("k") with { PartitionKey = longText }]),
            new(null, [Message("k") with { MessageName = longText }]),
            new(null, [Message("k") with { TenantId = "   " }]),
            new(null, [Message("k") with { TenantId = new string('t', 201) }]),
            new(null, [Message("k") with { TenantId = "a\u0001b" }]),
            new(null, [Message("k"), twice, twice]),
            new(new InboxEntry(" ", Guid.CreateVersion7(), Tenant, Start), []),
            new(new InboxEntry("billing", Guid.CreateVersion7(), "", Start), [Message("k")]),
        ];

        foreach (var writes in invalid)
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.WriteAsync(writes));
        }

        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await Store.CountAsync());
    }

    [Fact]
    public async Task HostileButValidTextAndTenants_AreStoredExactlyAsGiven()
    {
        string[] tenants = ["'; DROP TABLE x; --", "a' OR '1'='1", "tenánt-ü-日本-🙂", new string('t', 200)];
        var messages = tenants.Select(t => Message("k-" + t) with { TenantId = t, MessageName = "Name'); --" }).Append(
            Message(new string('k', MessageWrites.MaxTextLength)) with { Destination = new string('d', MessageWrites.MaxTextLength) }).ToArray();
        await WriteAsync(messages);
        var handled = Guid.CreateVersion7();
        await Store.WriteAsync(new MessageWrites(new InboxEntry("'; DROP TABLE x; --", handled, tenants[0], Start), []));

        AssertMessages(messages, await Store.ClaimAsync(Owner, 10, Lease));
        Assert.True(await Store.HasProcessedAsync("'; DROP TABLE x; --", handled));
    }

    [Fact]
    public async Task Purge_RemovesSentMessagesAndInboxEntriesOlderThanTheBound_AndNothingElse()
    {
        var (sentEarly, sentLate, unsent, deadLettered) = (Message("k1"), Message("k2"), Message("k3"), Message("k4"));
        await WriteAsync(sentEarly, sentLate, unsent, deadLettered);
        var (old, recent) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await Store.WriteAsync(new MessageWrites(new InboxEntry("billing", old, Tenant, Start.AddHours(-1)), []));
        await Store.WriteAsync(new MessageWrites(new InboxEntry("billing", recent, Tenant, Start.AddHours(2)), []));
        await Store.DeadLetterAsync(deadLettered.MessageId, "poison");
        await Store.MarkSentAsync([sentEarly.MessageId]);
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.MarkSentAsync([sentLate.MessageId]);

        Assert.Equal(2, await Store.PurgeAsync(Start.AddMinutes(30)));

        Assert.Equal(new OutboxCounts(1, 0, 1, 1, 1), await Store.CountAsync());
        Assert.False(await Store.HasProcessedAsync("billing", old));
        Assert.True(await Store.HasProcessedAsync("billing", recent));
        Assert.Equal(2, await Store.PurgeAsync(Start.AddHours(3)));
        Assert.Equal(0, await Store.PurgeAsync(Start.AddHours(3)));
        Assert.Equal(new OutboxCounts(1, 0, 0, 1, 0), await Store.CountAsync());
        AssertMessages([unsent], await Store.ClaimAsync(Owner, 10, Lease));
        Assert.Single(await Store.GetDeadLettersAsync(10));
    }

    [Fact]
    public async Task Count_ReportsPendingLeasedSentDeadLettersAndInboxEntries()
    {
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await Store.CountAsync());
        var messages = Enumerable.Range(0, 5).Select(i => Message("k" + i)).ToArray();
        await Store.WriteAsync(new MessageWrites(new InboxEntry("billing", Guid.CreateVersion7(), Tenant, Start), messages));
        await Store.WriteAsync(new MessageWrites(new InboxEntry("shipping", Guid.CreateVersion7(), Tenant, Start), []));
        Assert.Equal(3, (await Store.ClaimAsync(Owner, 3, Lease)).Count);
        await Store.MarkSentAsync([messages[0].MessageId]);
        await Store.DeadLetterAsync(messages[4].MessageId, "poison");
        await Store.AddDeadLetterAsync(new DeadLetter(null, DeadLetterOrigin.Inbox, "orders", "billing", null, null, new byte[] { 1 }, ReadOnlyMemory<byte>.Empty, "bad", 1, Start));

        Assert.Equal(new OutboxCounts(3, 2, 1, 2, 2), await Store.CountAsync());
        Pass(Lease);
        Assert.Equal(new OutboxCounts(3, 0, 1, 2, 2), await Store.CountAsync());
    }

    [Fact]
    public async Task FourOwnersClaimingAtOnce_NeverLeaseAMessageTwice_AndKeepEachKeysOrderInEveryClaim()
    {
        const int Count = 200;
        var messages = Enumerable.Range(0, Count).Select(i => Message("key-" + (i % 10))).ToArray();
        await WriteAsync(messages);
        var order = messages.Select((m, i) => (m.MessageId, i)).ToDictionary(p => p.MessageId, p => p.i);
        var claims = new ConcurrentQueue<IReadOnlyList<ClaimedMessage>>();
        var sent = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(relay => Task.Run(async () =>
        {
            for (var round = 0; round < 5_000 && Volatile.Read(ref sent) < Count; round++)
            {
                var claimed = await Store.ClaimAsync("relay-" + relay, 7, Lease);
                if (claimed.Count == 0)
                {
                    await Task.Yield();
                    continue;
                }

                claims.Enqueue(claimed);
                await Store.MarkSentAsync([.. claimed.Select(c => c.Message.MessageId)]);
                Interlocked.Add(ref sent, claimed.Count);
            }
        })));

        var leased = claims.SelectMany(c => c).Select(c => c.Message.MessageId).ToList();
        Assert.Equal(leased.Count, leased.Distinct().Count());
        Assert.Equal(messages.Select(m => m.MessageId).Order(), leased.Order());
        Assert.All(claims, claim => Assert.All(claim.GroupBy(c => c.Message.PartitionKey), key =>
        {
            var positions = key.Select(c => order[c.Message.MessageId]).ToList();
            Assert.Equal(positions.Order(), positions);
        }));
        Assert.Equal(new OutboxCounts(0, 0, Count, 0, 0), await Store.CountAsync());
    }

    [Fact]
    public async Task AnAppend_WritesThePendingMessagesInItsTransaction_AndMarksThemWritten()
    {
        var stream = NewStream();
        var handled = new InboxEntry("billing", Guid.CreateVersion7(), Tenant, Start);
        var sent = new[] { Message(stream.Id), Message(stream.Id, destination: "invoices") };
        var pending = Pending(handled, sent);

        await WithPendingAsync(pending, () => Events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]).AsTask());

        Assert.Null(pending.Peek());
        Assert.True(await Store.HasProcessedAsync("billing", handled.MessageId));
        AssertMessages(sent, await Store.ClaimAsync(Owner, 10, Lease));

        // What was written is not written again by the flow's next append.
        await WithPendingAsync(pending, () => Events.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event("OrderPaid")]).AsTask());
        Assert.Equal(new OutboxCounts(2, 2, 0, 0, 1), await Store.CountAsync());
        Assert.Equal(2, await Events.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task AnAppend_CarryingAMessageHandledBefore_ThrowsDuplicateMessageException_AndAppendsNothing()
    {
        var stream = NewStream();
        var handled = new InboxEntry("billing", Guid.CreateVersion7(), Tenant, Start);
        await WithPendingAsync(Pending(handled, [Message(stream.Id)]), () => Events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]).AsTask());

        // The same message delivered again: its handler runs again, with the same inbox entry.
        var redelivered = Pending(handled with { ProcessedAt = Start.AddMinutes(1) }, [Message(stream.Id), Message("other")]);
        var error = await Assert.ThrowsAsync<DuplicateMessageException>(() => WithPendingAsync(
            redelivered, () => Events.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event("OrderPlaced"), Event("OrderPaid")]).AsTask()));

        Assert.Equal(("billing", handled.MessageId), (error.Consumer, error.MessageId));
        Assert.Equal(1, await Events.GetStreamVersionAsync(stream));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await Store.CountAsync());
        Assert.NotNull(redelivered.Peek()); // nothing was written, so nothing is marked written
    }

    [Fact]
    public async Task AMultiStreamAppend_WritesThePendingMessagesOnce_OrNothingWithItsStreams()
    {
        var (order, invoice) = (NewStream(), NewStream());
        var sent = new[] { Message(order.Id), Message(invoice.Id) };

        await WithPendingAsync(Pending(null, sent), () => Events.AppendAsync(
        [
            new StreamAppend(order, ExpectedVersion.NoStream, [Event("OrderPlaced")]),
            new StreamAppend(invoice, ExpectedVersion.NoStream, [Event("InvoiceRaised")]),
        ]).AsTask());

        AssertMessages(sent, await Store.ClaimAsync(Owner, 10, Lease));

        // A version conflict on either stream leaves the messages unwritten too.
        var refused = Pending(null, [Message(order.Id)]);
        await Assert.ThrowsAsync<ConcurrencyException>(() => WithPendingAsync(refused, () => Events.AppendAsync(
        [
            new StreamAppend(order, ExpectedVersion.Exactly(1), [Event("OrderPaid")]),
            new StreamAppend(invoice, ExpectedVersion.NoStream, [Event("InvoiceRaised")]),
        ]).AsTask()));
        Assert.NotNull(refused.Peek());
        Assert.Equal(new OutboxCounts(2, 2, 0, 0, 0), await Store.CountAsync());
        Assert.Equal(1, await Events.GetStreamVersionAsync(order));
    }

    [Fact]
    public async Task AnInlineProjectionAppend_WritesThePendingMessages_AndADuplicateAppendsNothing()
    {
        var host = Assert.IsAssignableFrom<IInlineProjectionHost>(Events);
        var stream = NewStream();
        var handled = new InboxEntry("billing", Guid.CreateVersion7(), Tenant, Start);
        var projector = new CountingProjector("inline-" + _run);

        await WithPendingAsync(Pending(handled, [Message(stream.Id)]), () => host.AppendAsync(
            [new StreamAppend(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")])], projector).AsTask());
        await Assert.ThrowsAsync<DuplicateMessageException>(() => WithPendingAsync(Pending(handled, [Message(stream.Id)]), () => host.AppendAsync(
            [new StreamAppend(stream, ExpectedVersion.Exactly(1), [Event("OrderPaid")])], projector).AsTask()));

        Assert.True(projector.Calls >= 1);
        Assert.Equal(1, await Events.GetStreamVersionAsync(stream));
        Assert.True(await Store.HasProcessedAsync("billing", handled.MessageId));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await Store.CountAsync());
    }

    /// <summary>Moves <see cref="Clock"/> just past <paramref name="duration"/> (by a microsecond, which every driver stores).</summary>
    protected void Pass(TimeSpan duration) => Clock.Advance(duration + TimeSpan.FromMicroseconds(1));

    /// <summary>A message of <see cref="Tenant"/> created now, with bytes of its own.</summary>
    protected OutboxMessage Message(string partitionKey, string destination = "orders")
    {
        var number = Interlocked.Increment(ref _messages);
        var id = Guid.CreateVersion7();
        return new OutboxMessage(
            id,
            destination,
            partitionKey,
            "OrderPlaced",
            Tenant,
            Encoding.UTF8.GetBytes($$"""{"n":{{number}},"run":"{{_run}}"}"""),
            Encoding.UTF8.GetBytes($$"""{"messageId":"{{id}}","tenantId":"{{Tenant}}"}"""),
            Clock.GetUtcNow());
    }

    private Task WriteAsync(params OutboxMessage[] messages) => Store.WriteAsync(new MessageWrites(null, messages)).AsTask();

    private StreamId NewStream() => new(Tenant, $"order-{_run}-{Guid.NewGuid():N}");

    private static EventData Event(string name) => new(Guid.CreateVersion7(), name, "{}"u8.ToArray(), "{}"u8.ToArray());

    private static PendingMessages Pending(InboxEntry? inbox, IEnumerable<OutboxMessage> outbox)
    {
        var pending = new PendingMessages(inbox);
        foreach (var message in outbox)
        {
            pending.Add(message);
        }

        return pending;
    }

    /// <summary>Runs <paramref name="append"/> as a dispatch holding <paramref name="pending"/> would.</summary>
    private static async Task WithPendingAsync<T>(PendingMessages pending, Func<Task<T>> append)
    {
        var previous = PendingMessages.Current;
        PendingMessages.Current = pending;
        try
        {
            await append();
        }
        finally
        {
            PendingMessages.Current = previous;
        }
    }

    /// <summary>Asserts that <paramref name="claimed"/> holds <paramref name="expected"/>, in order, as written.</summary>
    private static void AssertMessages(IReadOnlyList<OutboxMessage> expected, IReadOnlyList<ClaimedMessage> claimed)
    {
        Assert.Equal(expected.Select(m => m.MessageId), claimed.Select(c => c.Message.MessageId));
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], claimed[i].Message);
            Assert.Equal((e.Destination, e.PartitionKey, e.MessageName, e.TenantId, e.CreatedAt), (a.Destination, a.PartitionKey, a.MessageName, a.TenantId, a.CreatedAt));
            Assert.Equal(e.Payload.ToArray(), a.Payload.ToArray());
            Assert.Equal(e.Envelope.ToArray(), a.Envelope.ToArray());
        }
    }

    /// <summary>An inline projector that writes nothing: the append still runs its inline path (its transaction, its gates).</summary>
    private sealed class CountingProjector(string projection) : IInlineProjector
    {
        private int _calls;

        public IReadOnlyList<string> Projections { get; } = [projection];

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask ProjectAsync(IReadOnlyList<RecordedEvent> events, IInlineProjectionSession session, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return default;
        }
    }
}
