using System.Text;
using System.Text.Json.Nodes;
using Whizbang.EventSourcing;

namespace Whizbang.Conformance;

/// <summary>
/// The event store contract, run against every driver: each driver's test class derives from this one and
/// says how to create a fresh store. Every test uses streams no other test touches.
/// </summary>
public abstract class EventStoreConformance
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A store to test; several calls in one test may return the same store.</summary>
    protected abstract IEventStore Store { get; }

    [Fact]
    public async Task Append_ToANewStream_NumbersEventsFromOne()
    {
        var stream = NewStream();

        var result = await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("Placed"), Event("Paid")]);

        Assert.Equal(2, result.Version);
        var read = await ReadStream(stream);
        Assert.Equal([1L, 2L], read.Select(e => e.Version));
        Assert.Equal(["Placed", "Paid"], read.Select(e => e.EventName));
        Assert.True(read[0].Position < read[1].Position);
        Assert.Equal(result.LastPosition, read[1].Position);
    }

    [Fact]
    public async Task Append_KeepsIdsPayloadAndMetadata()
    {
        var stream = NewStream();
        var original = new EventData(Guid.CreateVersion7(), "Placed", Encoding.UTF8.GetBytes("{\"total\":12.5,\"name\":\"Zoë\"}"), Encoding.UTF8.GetBytes("{\"correlationId\":\"c\"}"));

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [original]);

        var stored = Assert.Single(await ReadStream(stream));
        Assert.Equal(original.EventId, stored.EventId);
        Assert.Equal(stream, stored.Stream);
        AssertSameJson(original.Data, stored.Data);
        AssertSameJson(original.Metadata, stored.Metadata);
    }

    [Fact]
    public async Task Append_WithEmptyMetadata_ReadsBackEmptyMetadata()
    {
        var stream = NewStream();

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.CreateVersion7(), "Bare", Encoding.UTF8.GetBytes("{\"a\":1}"), ReadOnlyMemory<byte>.Empty)]);

        Assert.True(Assert.Single(await ReadStream(stream)).Metadata.IsEmpty);
    }

    [Fact]
    public async Task MultiStreamAppend_WritesEveryStream_AndReportsEachInOrder()
    {
        var existing = NewStream();
        var fresh = NewStream();
        await Store.AppendAsync(existing, ExpectedVersion.NoStream, [Event("A")]);

        var results = await Store.AppendAsync([
            new StreamAppend(existing, ExpectedVersion.Exactly(1), [Event("B"), Event("C")]),
            new StreamAppend(fresh, ExpectedVersion.NoStream, [Event("X")]),
        ]);

        Assert.Equal([3L, 1L], results.Select(r => r.Version));
        Assert.Equal(["A", "B", "C"], (await ReadStream(existing)).Select(e => e.EventName));
        Assert.Equal(results[1].LastPosition, Assert.Single(await ReadStream(fresh)).Position);
        Assert.True(results[0].LastPosition < results[1].LastPosition);
    }

    [Fact]
    public async Task MultiStreamAppend_WithOneConflict_WritesNoStream()
    {
        var untouched = NewStream();
        var conflicting = NewStream();
        await Store.AppendAsync(conflicting, ExpectedVersion.NoStream, [Event("A")]);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.AppendAsync([
            new StreamAppend(untouched, ExpectedVersion.NoStream, [Event("X")]),
            new StreamAppend(conflicting, ExpectedVersion.NoStream, [Event("B")]),
        ]));

        Assert.Equal(conflicting, error.Stream);
        Assert.Null(await Store.GetStreamVersionAsync(untouched));
        Assert.Equal(1, await Store.GetStreamVersionAsync(conflicting));
    }

    [Fact]
    public async Task MultiStreamAppend_BadBatches_AreRefusedAndWriteNothing()
    {
        var stream = NewStream();
        var other = NewStream();
        var shared = Event("A");

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(Array.Empty<StreamAppend>()));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync([
            new StreamAppend(stream, ExpectedVersion.Any, [Event("A")]), new StreamAppend(stream, ExpectedVersion.Any, [Event("B")])]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync([
            new StreamAppend(stream, ExpectedVersion.Any, [shared]), new StreamAppend(other, ExpectedVersion.Any, [shared])]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync([
            new StreamAppend(stream, ExpectedVersion.Any, [Event("A")]), new StreamAppend(other, ExpectedVersion.Any, [])]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.AppendAsync([new StreamAppend(stream, ExpectedVersion.Any, [Event("A")])], cancelled.Token));

        Assert.Null(await Store.GetStreamVersionAsync(stream));
        Assert.Null(await Store.GetStreamVersionAsync(other));
    }

    [Fact]
    public async Task DeleteStream_RemovesOnlyTheCallersTenantsStream()
    {
        var id = "customer-" + Guid.NewGuid().ToString("N");
        var mine = new StreamId("tenant-a-" + _run, id);
        var theirs = new StreamId("tenant-b-" + _run, id);
        var name = "Erased" + _run;
        await Store.AppendAsync(mine, ExpectedVersion.NoStream, [Event(name), Event(name)]);
        await Store.AppendAsync(theirs, ExpectedVersion.NoStream, [Event(name)]);

        Assert.True(await Store.DeleteStreamAsync(mine, ExpectedVersion.Exactly(2)));

        Assert.Null(await Store.GetStreamVersionAsync(mine));
        Assert.Empty(await ReadStream(mine));
        Assert.Equal([theirs], (await ReadAll(new ReadAllOptions { EventNames = [name] })).Select(e => e.Stream));
        Assert.Equal(1, await Store.GetStreamVersionAsync(theirs));
        Assert.Equal(1, (await Store.AppendAsync(mine, ExpectedVersion.NoStream, [Event(name)])).Version);
    }

    [Fact]
    public async Task DeleteStream_WithAStaleVersion_DeletesNothing()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A"), Event("B")]);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.DeleteStreamAsync(stream, ExpectedVersion.Exactly(1)));

        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(2, (await ReadStream(stream)).Count);
    }

    [Fact]
    public async Task DeleteStream_OfAMissingStream_ReportsFalse_AndExpectingNoStreamIsRefused()
    {
        var stream = NewStream();

        Assert.False(await Store.DeleteStreamAsync(stream, ExpectedVersion.Any));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.DeleteStreamAsync(stream, ExpectedVersion.Exactly(1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.DeleteStreamAsync(stream, ExpectedVersion.NoStream));
    }

    [Fact]
    public async Task Append_WithExactExpectedVersion_Continues()
    {
        var stream = NewStream();
        var first = await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A")]);

        var second = await Store.AppendAsync(stream, ExpectedVersion.Exactly(first.Version), [Event("B"), Event("C")]);

        Assert.Equal(3, second.Version);
        Assert.Equal(3, await Store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Append_WithStaleExpectedVersion_ThrowsConcurrencyException_AndWritesNothing()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A"), Event("B")]);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () =>
            await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event("C"), Event("D")]));

        Assert.Equal(stream, error.Stream);
        Assert.Equal(ExpectedVersion.Exactly(1), error.Expected);
        Assert.Equal(2, error.ActualVersion);
        Assert.Contains(stream.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await ReadStream(stream)).Count);
    }

    [Fact]
    public async Task Append_NoStreamToAnExistingStream_ThrowsConcurrencyException()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A")]);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("B")]));

        Assert.Equal(1, error.ActualVersion);
    }

    [Fact]
    public async Task Append_ExactVersionToAMissingStream_ThrowsConcurrencyException()
    {
        var stream = NewStream();

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Exactly(3), [Event("A")]));

        Assert.Equal(0, error.ActualVersion);
        Assert.Null(await Store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Append_WithAnyVersion_AlwaysAppends()
    {
        var stream = NewStream();

        await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("A")]);
        var result = await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("B")]);

        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task RacingWriters_ExactlyOneWinsEachVersion_NothingLostOrDuplicated()
    {
        var stream = NewStream();
        const int writers = 8;
        const int rounds = 5;

        var wins = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var won = 0;
            for (var round = 0; round < rounds; round++)
            {
                var current = await Store.GetStreamVersionAsync(stream) ?? 0;
                try
                {
                    await Store.AppendAsync(stream, ExpectedVersion.Exactly(current), [Event($"w{writer}r{round}")]);
                    won++;
                }
                catch (ConcurrencyException)
                {
                }
            }

            return won;
        })));

        var read = await ReadStream(stream);
        Assert.Equal(wins.Sum(), read.Count);
        Assert.Equal(Enumerable.Range(1, read.Count).Select(v => (long)v), read.Select(e => e.Version));
        Assert.Equal(read.Count, read.Select(e => e.EventId).Distinct().Count());
        Assert.True(read.Count >= rounds, "Every round has a winner.");
    }

    [Fact]
    public async Task ReadStream_FromAVersion_SkipsEarlierEvents()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A"), Event("B"), Event("C")]);

        var read = await ReadStream(stream, fromVersion: 2);

        Assert.Equal(["B", "C"], read.Select(e => e.EventName));
    }

    [Fact]
    public async Task ReadStream_OfAMissingStream_IsEmpty()
    {
        Assert.Empty(await ReadStream(NewStream()));
        Assert.Null(await Store.GetStreamVersionAsync(NewStream()));
    }

    [Fact]
    public async Task Tenants_ShareStreamIds_WithoutSeeingEachOthersEvents()
    {
        var id = "order-" + _run;
        var tenantA = new StreamId("tenant-a-" + _run, id);
        var tenantB = new StreamId("tenant-b-" + _run, id);

        await Store.AppendAsync(tenantA, ExpectedVersion.NoStream, [Event("A1"), Event("A2")]);
        await Store.AppendAsync(tenantB, ExpectedVersion.NoStream, [Event("B1")]);

        Assert.Equal(["A1", "A2"], (await ReadStream(tenantA)).Select(e => e.EventName));
        Assert.Equal(["B1"], (await ReadStream(tenantB)).Select(e => e.EventName));
        Assert.Equal(2, await Store.GetStreamVersionAsync(tenantA));
        Assert.Equal(1, await Store.GetStreamVersionAsync(tenantB));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Store.AppendAsync(tenantB, ExpectedVersion.Exactly(2), [Event("B2")]));
    }

    [Fact]
    public async Task ReadAll_AfterACheckpoint_FilteredByName_InGlobalOrder()
    {
        var first = NewStream();
        var second = NewStream();
        var placed = "Placed" + _run;
        var paid = "Paid" + _run;
        var start = await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event(placed)]);
        await Store.AppendAsync(first, ExpectedVersion.NoStream, [Event(placed)]);
        await Store.AppendAsync(second, ExpectedVersion.NoStream, [Event(paid), Event(placed)]);
        await Store.AppendAsync(first, ExpectedVersion.Exactly(1), [Event(placed)]);

        var all = await ReadAll(new ReadAllOptions { After = start.LastPosition, EventNames = [placed] });

        Assert.Equal([(first, 1L), (second, 2L), (first, 2L)], all.Select(e => (e.Stream, e.Version)));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Position < pair.Second.Position));

        var afterCheckpoint = await ReadAll(new ReadAllOptions { After = all[0].Position, EventNames = [placed, paid] });
        Assert.Equal([paid, placed, placed], afterCheckpoint.Select(e => e.EventName));
    }

    [Fact]
    public async Task ReadAll_FromATimestamp_ReturnsOnlyLaterEvents()
    {
        var name = "Stamped" + _run;
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(name)]);
        var boundary = (await ReadStream(stream))[0].Timestamp.AddTicks(1);
        await WaitUntilClockPasses(boundary);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event(name)]);

        var later = await ReadAll(new ReadAllOptions { FromTimestamp = boundary, EventNames = [name] });

        Assert.Equal([2L], later.Select(e => e.Version));
    }

    [Fact]
    public async Task ReadAll_HonoursMaxCount()
    {
        var name = "Counted" + _run;
        await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event(name), Event(name), Event(name)]);

        var some = await ReadAll(new ReadAllOptions { EventNames = [name], MaxCount = 2 });

        Assert.Equal(2, some.Count);
        Assert.Empty(await ReadAll(new ReadAllOptions { EventNames = [name], MaxCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadAllOptions { MaxCount = -1 });
    }

    [Fact]
    public async Task Count_CountsWhatReadAllWouldReturn_WithoutItsMaxCount()
    {
        var name = "Tallied" + _run;
        var other = "Untallied" + _run;
        var start = await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event(name)]);
        await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event(name), Event(other), Event(name)]);
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(name)]);
        var boundary = (await ReadStream(stream))[0].Timestamp.AddTicks(1);
        await WaitUntilClockPasses(boundary);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event(name)]);

        Assert.Equal(4, await Store.CountAsync(new ReadAllOptions { After = start.LastPosition, EventNames = [name], MaxCount = 1 }));
        Assert.Equal(5, await Store.CountAsync(new ReadAllOptions { After = start.LastPosition, EventNames = [name, other] }));
        Assert.Equal(1, await Store.CountAsync(new ReadAllOptions { EventNames = [name], FromTimestamp = boundary }));
        var last = (await ReadAll(new ReadAllOptions { EventNames = [name] }))[^1];
        Assert.Equal(0, await Store.CountAsync(new ReadAllOptions { After = last.Position, EventNames = [name] }));
    }

    [Fact]
    public async Task Append_EmptyBatch_NullEvent_OrNamelessEvent_IsRefusedAndWritesNothing()
    {
        var stream = NewStream();

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, []));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("A"), null!]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("A"), Event(" ")]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, [Event(new string('x', 201))]));
        var twice = Event("A");
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, [twice, twice]));

        Assert.Null(await Store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task ReusedEventId_IsRefused_AndTheBatchLeavesNothing()
    {
        var stream = NewStream();
        var duplicate = Event("A");
        await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [duplicate]);

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("B"), duplicate]));

        Assert.Null(await Store.GetStreamVersionAsync(stream));
        Assert.Empty(await ReadStream(stream));
    }

    [Fact]
    public async Task Append_WithACancelledToken_WritesNothing()
    {
        var stream = NewStream();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("A")], cancelled.Token));

        Assert.Null(await Store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task HostileStreamIds_AreStoredAndReadBackExactly()
    {
        string[] ids = ["'; DROP TABLE events; --", "order/\"42\"\\", "注文-🙂-ü", new string('z', StreamId.MaxLength)];
        foreach (var id in ids)
        {
            var stream = new StreamId("t-" + _run, id);
            await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A")]);

            var read = Assert.Single(await ReadStream(stream));
            Assert.Equal(id, read.Stream.Id);
        }
    }

    [Fact]
    public async Task HostileTenantIds_KeepTheirStreamsApart_AndAreCountedExactly()
    {
        string[] tenants = ["'; DROP TABLE events; --" + _run, "a' OR '1'='1" + _run, "tenánt-ü-日本-🙂" + _run, "%" + _run, _run + new string('t', StreamId.MaxLength - _run.Length)];
        for (var i = 0; i < tenants.Length; i++)
        {
            for (var s = 0; s <= i; s++)
            {
                await Store.AppendAsync(new StreamId(tenants[i], "shared-" + s), ExpectedVersion.NoStream, [Event("T" + i)]);
            }
        }

        for (var i = 0; i < tenants.Length; i++)
        {
            Assert.Equal(i + 1, await Store.CountStreamsAsync(tenants[i]));
            var read = Assert.Single(await ReadStream(new StreamId(tenants[i], "shared-0")));
            Assert.Equal(("T" + i, tenants[i]), (read.EventName, read.Stream.Tenant));
        }
    }

    [Fact]
    public async Task CountStreams_CountsOnlyTheTenantsLiveStreams()
    {
        var tenant = "count-" + _run;
        Assert.Equal(0, await Store.CountStreamsAsync(tenant));
        await Store.AppendAsync([new StreamAppend(new StreamId(tenant, "a"), ExpectedVersion.NoStream, [Event("A")]), new StreamAppend(new StreamId(tenant, "b"), ExpectedVersion.NoStream, [Event("B")])]);
        await Store.AppendAsync(new StreamId(tenant, "a"), ExpectedVersion.Any, [Event("A")]);
        await Store.AppendAsync(new StreamId("other-" + _run, "a"), ExpectedVersion.NoStream, [Event("A")]);
        Assert.Equal(2, await Store.CountStreamsAsync(tenant));

        await Store.DeleteStreamAsync(new StreamId(tenant, "b"), ExpectedVersion.Any);

        Assert.Equal(1, await Store.CountStreamsAsync(tenant));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.CountStreamsAsync(""));
    }

    protected StreamId NewStream() => new("tenant-" + _run, "stream-" + Guid.NewGuid().ToString("N"));

    protected static EventData Event(string name)
        => new(Guid.CreateVersion7(), name, Encoding.UTF8.GetBytes($"{{\"name\":\"{name.Length}\"}}"), Encoding.UTF8.GetBytes("{}"));

    private static void AssertSameJson(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        // Drivers may store JSON in a normalised form (PostgreSQL's jsonb); what must survive is its meaning.
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected.Span), JsonNode.Parse(actual.Span));
        Assert.True(same, $"Stored JSON {Encoding.UTF8.GetString(actual.Span)} differs from appended {Encoding.UTF8.GetString(expected.Span)}.");
    }

    protected async Task<List<RecordedEvent>> ReadStream(StreamId stream, long fromVersion = 1)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream, fromVersion))
        {
            events.Add(e);
        }

        return events;
    }

    protected async Task<List<RecordedEvent>> ReadAll(ReadAllOptions options)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Store.ReadAllAsync(options))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task WaitUntilClockPasses(DateTimeOffset moment)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (DateTimeOffset.UtcNow <= moment)
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
