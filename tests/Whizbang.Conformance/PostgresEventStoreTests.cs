using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using Whizbang.Conformance.Postgres;
using Whizbang.EventSourcing;
using Whizbang.Postgres;

namespace Whizbang.Conformance;

/// <summary>What only the PostgreSQL driver has to prove: gap-safe tailing, its schema, jsonb payloads, batching.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreTests(PostgresServer server, ITestOutputHelper output)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private PostgresEventStore Store { get; } = new(server.DataSource, new PostgresEventStoreOptions { Schema = server.SchemaFor(typeof(PostgresEventStoreTests)) });

    [Fact]
    public async Task ReadAll_TailedWhileWritersCommitOutOfSequenceOrder_NeitherMissesNorRepeatsAnEvent()
    {
        var schema = server.NewSchema("tailing");
        var store = new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = schema });
        await store.EnsureSchemaAsync();
        // Test-only: every append sleeps a random while after its events got their sequence numbers and before it
        // commits, so that concurrent appends really commit out of sequence order.
        await server.ExecuteAsync($"""
            CREATE FUNCTION "{schema}".delay_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(random() * 0.03); RETURN NULL; END $$
            """);
        await server.ExecuteAsync($"""CREATE TRIGGER delay_commit AFTER INSERT ON "{schema}".events FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".delay_commit()""");

        const int Writers = 8;
        const int AppendsPerWriter = 25;
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var written = 0;
            for (var append = 0; append < AppendsPerWriter; append++)
            {
                var events = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Event("Tailed")).ToList();
                await store.AppendAsync(new StreamId("tailing", $"writer-{writer}-{random.Next(3)}"), ExpectedVersion.Any, events);
                written += events.Count;
            }

            return written;
        })).ToArray();
        var writing = Task.WhenAll(writers);

        var naive = Task.Run(() => TailBySequenceAloneAsync(schema, writing));
        var tailed = new List<RecordedEvent>();
        var checkpoint = GlobalPosition.Start;
        var reads = 0;
        // A reader held back for good (a transaction that never ends) fails the test instead of hanging it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            // Decide before reading: an empty read that began after every writer finished has seen everything.
            var finished = writing.IsCompleted;
            var batch = await ReadAll(store, new ReadAllOptions { After = checkpoint, MaxCount = 17 });
            reads++;
            tailed.AddRange(batch);
            if (batch.Count > 0)
            {
                checkpoint = batch[^1].Position;
            }
            else if (finished)
            {
                break;
            }
            else
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        var total = (await writing).Sum();
        var seenBySequence = await naive;
        var all = await ReadAll(store, new ReadAllOptions());
        output.WriteLine($"{total} events from {Writers} writers on {server.Description}; a reader going by sequence alone missed {total - seenBySequence.Count}; the gap-safe reader read {reads} times.");

        // Without commits out of sequence order the test would prove nothing: a reader going by sequence alone must have
        // passed over some events that committed after it had read higher sequence numbers.
        Assert.True(seenBySequence.Count < total, $"No append committed out of sequence order ({total} events); the test proved nothing.");
        Assert.Equal(total, all.Count);
        Assert.Equal(all.Select(e => e.EventId), tailed.Select(e => e.EventId));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Position < pair.Second.Position));
        Assert.True(reads > 10, $"The reader tailed only {reads} times while {total} events were written.");
    }

    [Fact]
    public async Task ReadAll_HoldsBackEverythingWhileAnOlderTransactionIsRunning()
    {
        var name = "HeldBack" + _run;
        var stream = NewStream();
        var checkpoint = (await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event(name)])).LastPosition;
        await using var connection = await server.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var takeTransactionId = new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction))
        {
            await takeTransactionId.ExecuteScalarAsync();
        }

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(name)]);

        Assert.Empty(await ReadAll(Store, new ReadAllOptions { After = checkpoint, EventNames = [name] }));
        Assert.Single(await ReadStream(Store, stream));

        await transaction.RollbackAsync();
        Assert.Equal([stream], (await ReadAll(Store, new ReadAllOptions { After = checkpoint, EventNames = [name] })).Select(e => e.Stream));
    }

    [Fact]
    public async Task SchemaCreation_ByManyStoresAtOnce_IsSafeAndHappensOnce()
    {
        var schema = server.NewSchema("race");
        var dataSources = Enumerable.Range(0, 6).Select(_ => server.CreateDataSource()).ToList();
        try
        {
            var stores = dataSources.Select(source => new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = schema })).ToList();

            await Task.WhenAll(stores.Select(store => Task.Run(() => store.EnsureSchemaAsync())));
            await stores[0].AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event("A")]);
            await new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = schema }).EnsureSchemaAsync();

            // Every migration (1 events, 2 projections, 3 row-level security, 4 messaging) applied exactly once.
            Assert.Equal(4L, await server.ScalarAsync<long>($"""SELECT count(*) FROM "{schema}".schema_version"""));
            Assert.Equal(4, await server.ScalarAsync<int>($"""SELECT max(version) FROM "{schema}".schema_version"""));
            Assert.Single(await ReadAll(stores[^1], new ReadAllOptions()));
        }
        finally
        {
            foreach (var source in dataSources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TwoSchemas_AreIsolated()
    {
        var other = new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = server.NewSchema("other") });
        var stream = NewStream();

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A"), Event("B")]);
        await other.AppendAsync(stream, ExpectedVersion.NoStream, [Event("X")]);

        Assert.Equal(["A", "B"], (await ReadStream(Store, stream)).Select(e => e.EventName));
        Assert.Equal(["X"], (await ReadStream(other, stream)).Select(e => e.EventName));
        Assert.Equal(["X"], (await ReadAll(other, new ReadAllOptions())).Select(e => e.EventName));
        Assert.Equal(2, await Store.GetStreamVersionAsync(stream));
        Assert.Equal(1, await other.GetStreamVersionAsync(stream));
    }

    [Theory]
    [InlineData("whizbang\"; DROP SCHEMA public CASCADE; --")]
    [InlineData("Whizbang")]
    [InlineData("")]
    [InlineData("1events")]
    [InlineData("pg_events")]
    [InlineData("with space")]
    [InlineData("sch\u00e9ma")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task HostileOrInvalidSchemaNames_AreRefusedBeforeAnythingIsCreated(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = schema }));

        Assert.Contains($"'{schema}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>($"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema.Replace("'", "''", StringComparison.Ordinal)}'"));
    }

    [Fact]
    public void SchemaNames_DefaultToWhizbang_AndPlainLowercaseIdentifiersAreAccepted()
    {
        Assert.Equal("whizbang", new PostgresEventStore(server.DataSource).Schema);
        Assert.Equal("_events_2", new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = "_events_2" }).Schema);
        Assert.Throws<ArgumentNullException>(() => new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = null! }));
    }

    [Fact]
    public async Task InvalidJson_IsRefusedNamingStreamAndEvent_AndNothingIsWritten()
    {
        var stream = NewStream();
        var bad = new EventData(Guid.CreateVersion7(), "Broken", Encoding.UTF8.GetBytes("{\"total\": 12.5,"), Encoding.UTF8.GetBytes("{}"));

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("Fine"), bad]));

        Assert.Contains(stream.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("Event 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(bad.EventId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("data", error.Message, StringComparison.Ordinal);
        Assert.Equal("22P02", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Null(await Store.GetStreamVersionAsync(stream));
        Assert.Empty(await ReadStream(Store, stream));
    }

    [Fact]
    public async Task InvalidJsonMetadata_InAMultiStreamAppend_IsRefused_AndNoStreamIsWritten()
    {
        var fine = NewStream();
        var broken = NewStream();
        var bad = new EventData(Guid.CreateVersion7(), "Broken", Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("not json"));

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Store.AppendAsync([
            new StreamAppend(fine, ExpectedVersion.NoStream, [Event("A")]),
            new StreamAppend(broken, ExpectedVersion.NoStream, [bad]),
        ]));

        Assert.Contains(broken.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetStreamVersionAsync(fine));
        Assert.Null(await Store.GetStreamVersionAsync(broken));
    }

    [Fact]
    public async Task Payloads_AreStoredAsJsonb_AndReadBackAsTheSameJson()
    {
        var stream = NewStream();
        var original = new EventData(Guid.CreateVersion7(), "Placed", Encoding.UTF8.GetBytes("{\"total\":12.5,  \"name\":\"Zo\u00eb\",\"lines\":[1,2]}"), ReadOnlyMemory<byte>.Empty);

        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [original]);

        var stored = Assert.Single(await ReadStream(Store, stream));
        using var expected = JsonDocument.Parse(original.Data);
        using var actual = JsonDocument.Parse(stored.Data);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement));
        Assert.True(stored.Metadata.IsEmpty);
        var schema = Store.Schema;
        Assert.Equal("Zo\u00eb", await server.ScalarAsync<string>($"""SELECT data->>'name' FROM "{schema}".events WHERE event_id = '{original.EventId}'"""));
        Assert.True(await server.ScalarAsync<bool>($"""SELECT metadata IS NULL FROM "{schema}".events WHERE event_id = '{original.EventId}'"""));
    }

    [Fact]
    public async Task MultiStreamAppend_OfAHundredStreamsOfTenEvents_IsOneTransaction()
    {
        var name = "Batched" + _run;
        var checkpoint = (await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event("Before" + _run)])).LastPosition;
        var appends = Enumerable.Range(0, 100)
            .Select(_ => new StreamAppend(NewStream(), ExpectedVersion.NoStream, Enumerable.Range(0, 10).Select(_ => Event(name)).ToList()))
            .ToList();

        var results = await Store.AppendAsync(appends);

        Assert.All(results, result => Assert.Equal(10, result.Version));
        Assert.Single(results.Select(result => result.LastPosition.Transaction).Distinct());
        Assert.True(results.Zip(results.Skip(1)).All(pair => pair.First.LastPosition < pair.Second.LastPosition));
        var all = await ReadAll(Store, new ReadAllOptions { After = checkpoint, EventNames = [name] });
        Assert.Equal(appends.SelectMany(a => a.Events.Select(e => e.EventId)), all.Select(e => e.EventId));
        Assert.Equal(appends.SelectMany(a => Enumerable.Range(1, 10).Select(v => (a.Stream, (long)v))), all.Select(e => (e.Stream, e.Version)));
    }

    [Fact]
    public async Task MultiStreamAppends_ToTheSameStreamsInOppositeOrders_DoNotDeadlock()
    {
        var first = NewStream();
        var second = NewStream();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
            {
                var (a, b) = writer % 2 == 0 ? (first, second) : (second, first);
                await Store.AppendAsync([new StreamAppend(a, ExpectedVersion.Any, [Event("A")]), new StreamAppend(b, ExpectedVersion.Any, [Event("B")])]);
            }
        })));

        Assert.Equal(80, await Store.GetStreamVersionAsync(first));
        Assert.Equal(Enumerable.Range(1, 80).Select(v => (long)v), (await ReadStream(Store, second)).Select(e => e.Version));
    }

    [Fact]
    public async Task DeleteStream_RacingAppends_LeavesNoOrphanEvents()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A")]);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    await Store.AppendAsync(stream, ExpectedVersion.Any, [Event("A"), Event("B")]);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await Store.DeleteStreamAsync(stream, ExpectedVersion.Any);
                }
            }));

        var version = await Store.GetStreamVersionAsync(stream) ?? 0;
        Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), (await ReadStream(Store, stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task SlimDataSource_WithArraysEnabled_IsEnough()
    {
        await using var slim = new NpgsqlSlimDataSourceBuilder(server.ConnectionString).EnableArrays().Build();
        var store = new PostgresEventStore(slim, new PostgresEventStoreOptions { Schema = Store.Schema });
        var stream = NewStream();

        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("A"), new EventData(Guid.CreateVersion7(), "B", ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty)]);

        Assert.Equal(["A", "B"], (await ReadStream(store, stream)).Select(e => e.EventName));
        Assert.NotEmpty(await ReadAll(store, new ReadAllOptions { EventNames = ["A"], FromTimestamp = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        Assert.True(await store.DeleteStreamAsync(stream, ExpectedVersion.Exactly(2)));
    }

    /// <summary>Tails the events table by sequence alone, the way a store without gap safety would, until the writers finish.</summary>
    private async Task<HashSet<Guid>> TailBySequenceAloneAsync(string schema, Task writing)
    {
        var seen = new HashSet<Guid>();
        long last = 0;
        bool finished;
        do
        {
            finished = writing.IsCompleted;
            await using var command = server.DataSource.CreateCommand($"""SELECT sequence, event_id FROM "{schema}".events WHERE sequence > $1 ORDER BY sequence""");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                last = reader.GetInt64(0);
                seen.Add(reader.GetGuid(1));
            }
        }
        while (!finished);

        return seen;
    }

    private StreamId NewStream() => new("tenant-" + _run, "stream-" + Guid.NewGuid().ToString("N"));

    private static EventData Event(string name)
        => new(Guid.CreateVersion7(), name, Encoding.UTF8.GetBytes($"{{\"name\":\"{name}\"}}"), Encoding.UTF8.GetBytes("{}"));

    private static async Task<List<RecordedEvent>> ReadStream(IEventStore store, StreamId stream)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(stream))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task<List<RecordedEvent>> ReadAll(IEventStore store, ReadAllOptions options)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(options))
        {
            events.Add(e);
        }

        return events;
    }
}
