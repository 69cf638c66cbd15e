using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Projections;

/// <summary>
/// The projection storage contract, run against every driver: each driver's test class derives from this one and says
/// how to create a storage and how to let its lease clock pass. Every test uses projections no other test touches.
/// </summary>
public abstract class ProjectionStorageConformance
{
    /// <summary>A lease no test outlives.</summary>
    protected static readonly TimeSpan LongLease = TimeSpan.FromSeconds(60);

    /// <summary>A lease tests let expire.</summary>
    protected static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(300);

    private const string Tenant = "tenant";
    private const string Owner = "worker-a";
    private const string OtherOwner = "worker-b";

    private static readonly GlobalPosition Start = new(0, 0);

    /// <summary>The storage under test; several calls in one test return the same storage.</summary>
    protected abstract IProjectionStorage Storage { get; }

    /// <summary>Lets at least <paramref name="duration"/> pass on the clock the storage's leases run on.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    [Fact]
    public async Task Register_CreatesALiveFirstGenerationAtTheStart_AndAgainChangesNothing()
    {
        var projection = NewProjection();

        var first = Assert.Single(await Storage.RegisterAsync(projection, new GlobalPosition(3, 7)));
        var again = Assert.Single(await Storage.RegisterAsync(projection, new GlobalPosition(9, 9)));

        Assert.Equal(
            (projection, 1, GenerationStatus.Live, new GlobalPosition(3, 7), ProjectionRunState.Running, (string?)null, (string?)null, (DateTimeOffset?)null),
            (first.Projection, first.Generation, first.Status, first.Checkpoint, first.State, first.Error, first.LeaseOwner, first.LeaseExpires));
        Assert.Equal(first, again);
        Assert.Equal([first], await Storage.GetGenerationsAsync(projection));
    }

    [Fact]
    public async Task Register_ABuildingFirstGeneration_GoesLiveWhenItsBuilderActivatesIt()
    {
        var projection = NewProjection();

        var building = Assert.Single(await Storage.RegisterAsync(projection, Start, GenerationStatus.Building));
        Assert.Equal((1, GenerationStatus.Building), (building.Generation, building.Status));
        Assert.Null(await Storage.FindAsync(projection, new DocumentKey("t", "d"))); // no live generation to read

        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, "w", TimeSpan.FromMinutes(1)));
        var write = new DocumentWrite(new DocumentKey("t", "d"), "{\"n\":1}"u8.ToArray());
        Assert.True(await Storage.CommitAsync(new ProjectionCommit { Projection = projection, Generation = 1, Owner = "w", From = Start, To = Start, Writes = [write], Activate = true }));

        Assert.Equal(GenerationStatus.Live, Assert.Single(await Storage.GetGenerationsAsync(projection)).Status);
        Assert.NotNull(await Storage.FindAsync(projection, new DocumentKey("t", "d")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Storage.RegisterAsync(NewProjection(), Start, GenerationStatus.Retired));
    }

    [Fact]
    public async Task Register_RacingWorkers_CreateExactlyOneGeneration()
    {
        var projection = NewProjection();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await Storage.RegisterAsync(projection, new GlobalPosition(0, i)))));

        var generation = Assert.Single(await Storage.GetGenerationsAsync(projection));
        Assert.Equal((1, GenerationStatus.Live), (generation.Generation, generation.Status));
        Assert.All(results, r => Assert.Equal(generation.Checkpoint, Assert.Single(r).Checkpoint));
    }

    [Fact]
    public async Task GetGenerations_OfOneProjectionOrOfAll_OrderedByProjectionAndGeneration()
    {
        var suffix = Guid.NewGuid().ToString("N");
        string first = "a-" + suffix, second = "b-" + suffix;
        await Storage.RegisterAsync(second, Start);
        await Storage.RegisterAsync(first, Start);
        await Storage.StartRebuildAsync(first, Start);

        Assert.Equal([(1, GenerationStatus.Live), (2, GenerationStatus.Building)], (await Storage.GetGenerationsAsync(first)).Select(g => (g.Generation, g.Status)));
        var all = await Storage.GetGenerationsAsync();
        Assert.Equal([(first, 1), (first, 2), (second, 1)], all.Where(g => g.Projection.EndsWith(suffix, StringComparison.Ordinal)).Select(g => (g.Projection, g.Generation)));
        Assert.Equal(all.OrderBy(g => g.Projection, StringComparer.Ordinal).ThenBy(g => g.Generation), all);
        Assert.Empty(await Storage.GetGenerationsAsync(NewProjection()));
    }

    [Fact]
    public async Task Lease_IsExclusive_AndRenewableByItsOwner()
    {
        var projection = await RegisteredAsync();

        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));
        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 1, OtherOwner, LongLease));
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));

        var generation = await GenerationAsync(projection, 1);
        Assert.Equal(Owner, generation.LeaseOwner);
        Assert.NotNull(generation.LeaseExpires);
    }

    [Fact]
    public async Task Lease_ThatExpired_IsTakenOverByAnotherOwner()
    {
        var projection = await RegisteredAsync();
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, ShortLease));
        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 1, OtherOwner, ShortLease));

        await PassAsync(ShortLease);

        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, OtherOwner, LongLease));
        Assert.Equal(OtherOwner, (await GenerationAsync(projection, 1)).LeaseOwner);
        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));
    }

    [Fact]
    public async Task Lease_Released_LetsAnotherOwnerInAtOnce_ButOnlyItsOwnerCanReleaseIt()
    {
        var projection = await RegisteredAsync();
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));

        await Storage.ReleaseLeaseAsync(projection, 1, OtherOwner);
        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 1, OtherOwner, LongLease));

        await Storage.ReleaseLeaseAsync(projection, 1, Owner);
        Assert.Null((await GenerationAsync(projection, 1)).LeaseOwner);
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, OtherOwner, LongLease));
    }

    [Fact]
    public async Task Lease_OfAMissingGeneration_IsRefused()
    {
        var projection = await RegisteredAsync();

        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 2, Owner, LongLease));
        Assert.False(await Storage.TryAcquireLeaseAsync(NewProjection(), 1, Owner, LongLease));
        await Storage.ReleaseLeaseAsync(NewProjection(), 1, Owner);
    }

    [Fact]
    public async Task Commit_WritesUpsertsAndDeletes_AndMovesTheCheckpoint()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(5), Put("x", """{"v":1}"""), Put("y", """{"v":1}"""))));
        var before = await GenerationAsync(projection, 1);

        Assert.True(await Storage.CommitAsync(Commit(projection, At(5), new GlobalPosition(2, 9), Put("x", """{"v":2}"""), Delete("y"), Put("z", """{"v":3}"""))));

        var stored = await LoadAsync(projection, 1, "x", "y", "z");
        Assert.Equal(["x", "z"], stored.Keys.Select(k => k.Id).Order(StringComparer.Ordinal));
        AssertJson("""{"v":2}""", stored[Key("x")]);
        AssertJson("""{"v":3}""", stored[Key("z")]);
        var after = await GenerationAsync(projection, 1);
        Assert.Equal(new GlobalPosition(2, 9), after.Checkpoint);
        Assert.True(after.UpdatedAt >= before.UpdatedAt);
        Assert.Equal(ProjectionRunState.Running, after.State);
    }

    [Fact]
    public async Task Commit_LaterWritesToTheSameKeyWin()
    {
        var projection = await LeasedAsync();

        Assert.True(await Storage.CommitAsync(Commit(
            projection, Start, At(1),
            Put("x", """{"v":1}"""), Put("x", """{"v":2}"""),
            Put("y", """{"v":1}"""), Delete("y"),
            Delete("z"), Put("z", """{"v":3}"""))));

        var stored = await LoadAsync(projection, 1, "x", "y", "z");
        Assert.Equal(["x", "z"], stored.Keys.Select(k => k.Id).Order(StringComparer.Ordinal));
        AssertJson("""{"v":2}""", stored[Key("x")]);
        AssertJson("""{"v":3}""", stored[Key("z")]);
    }

    [Fact]
    public async Task Commit_ByAnOwnerWithoutTheLease_WritesNothing()
    {
        var projection = await LeasedAsync();
        await SeedAsync(projection);

        await AssertFencedOutAsync(projection, Commit(projection, At(1), At(2), Put("x", """{"v":9}"""), Delete("seed")) with { Owner = OtherOwner });

        var unleased = await RegisteredAsync();
        await AssertFencedOutAsync(unleased, Commit(unleased, Start, At(2), Put("x", """{"v":9}""")));
    }

    [Fact]
    public async Task Commit_AfterTheLeaseExpired_WritesNothing_EvenWhenNoOneTookIt()
    {
        var projection = await RegisteredAsync();
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, ShortLease));
        await SeedAsync(projection);

        await PassAsync(ShortLease);

        await AssertFencedOutAsync(projection, Commit(projection, At(1), At(2), Put("x", """{"v":9}"""), Delete("seed")));
    }

    [Fact]
    public async Task Commit_AfterReleasingTheLease_WritesNothing()
    {
        var projection = await LeasedAsync();
        await SeedAsync(projection);

        await Storage.ReleaseLeaseAsync(projection, 1, Owner);

        await AssertFencedOutAsync(projection, Commit(projection, At(1), At(2), Put("x", """{"v":9}""")));
    }

    [Fact]
    public async Task Commit_FromAStaleCheckpoint_WritesNothing()
    {
        var projection = await LeasedAsync();
        await SeedAsync(projection);

        await AssertFencedOutAsync(projection, Commit(projection, Start, At(2), Put("x", """{"v":9}"""), Delete("seed")));
        await AssertFencedOutAsync(projection, Commit(projection, At(5), At(6), Put("x", """{"v":9}""")));
    }

    [Fact]
    public async Task Commit_Failed_StoresStateAndError_AndFailuresAreListedNewestFirst()
    {
        var projection = await LeasedAsync();
        var skipped = Failure(projection, 1, skipped: true);
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(1)) with { Failures = [skipped] }));
        Assert.Equal(ProjectionRunState.Running, (await GenerationAsync(projection, 1)).State);

        var (second, stopped) = (Failure(projection, 2, skipped: true), Failure(projection, 3, skipped: false));
        Assert.True(await Storage.CommitAsync(Commit(projection, At(1), At(2)) with
        {
            Failures = [second, stopped],
            State = ProjectionRunState.Failed,
            Error = "Event Deposited at 0:3 (stream t/s-3, version 3): System.FormatException: 'nope'",
        }));

        var generation = await GenerationAsync(projection, 1);
        Assert.Equal((ProjectionRunState.Failed, "Event Deposited at 0:3 (stream t/s-3, version 3): System.FormatException: 'nope'"), (generation.State, generation.Error));
        Assert.Equal([stopped, second, skipped], await Storage.GetFailuresAsync(projection));
        Assert.Equal([stopped, second], await Storage.GetFailuresAsync(projection, maxCount: 2));
        Assert.Empty(await Storage.GetFailuresAsync(projection, maxCount: 0));
        Assert.Empty(await Storage.GetFailuresAsync(NewProjection()));
    }

    [Fact]
    public async Task SetState_PausesAndResumes_AndResumingClearsTheError()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, Start) with { State = ProjectionRunState.Failed, Error = "poison" }));

        Assert.True(await Storage.SetStateAsync(projection, 1, ProjectionRunState.Paused));
        Assert.Equal((ProjectionRunState.Paused, "poison"), State(await GenerationAsync(projection, 1)));

        Assert.True(await Storage.SetStateAsync(projection, 1, ProjectionRunState.Running));
        Assert.Equal((ProjectionRunState.Running, null), State(await GenerationAsync(projection, 1)));

        Assert.False(await Storage.SetStateAsync(projection, 2, ProjectionRunState.Paused));
        Assert.False(await Storage.SetStateAsync(NewProjection(), 1, ProjectionRunState.Paused));
    }

    [Fact]
    public async Task Commit_ThatKeepsRunning_LeavesAnOperatorsPauseInPlace()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.SetStateAsync(projection, 1, ProjectionRunState.Paused));

        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(4), Put("x", "{}"))));

        var generation = await GenerationAsync(projection, 1);
        Assert.Equal((ProjectionRunState.Paused, At(4)), (generation.State, generation.Checkpoint));
    }

    [Fact]
    public async Task StartRebuild_AddsOneBuildingGeneration_AndRefusesASecondOrAnUnknownProjection()
    {
        var projection = await RegisteredAsync();

        var racers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await Storage.StartRebuildAsync(projection, new GlobalPosition(0, 2));
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        })));

        var building = Assert.Single(racers, r => r is not null)!;
        Assert.Equal((projection, 2, GenerationStatus.Building, new GlobalPosition(0, 2), ProjectionRunState.Running), (building.Projection, building.Generation, building.Status, building.Checkpoint, building.State));
        Assert.Equal([GenerationStatus.Live, GenerationStatus.Building], (await Storage.GetGenerationsAsync(projection)).Select(g => g.Status));
        var again = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Storage.StartRebuildAsync(projection, Start));
        Assert.Contains(projection, again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Storage.StartRebuildAsync(NewProjection(), Start));
    }

    [Fact]
    public async Task Rebuild_KeepsDocumentsPerGeneration_AndReadersSeeOnlyTheLiveOne_UntilActivationSwitchesThem()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(3), Put("x", """{"v":1}"""), Put("y", """{"v":1}"""))));
        Assert.Equal(2, (await Storage.StartRebuildAsync(projection, Start)).Generation);
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 2, OtherOwner, LongLease));
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(2), Put("x", """{"v":2}""")) with { Generation = 2, Owner = OtherOwner }));

        AssertJson("""{"v":1}""", (await LoadAsync(projection, 1, "x"))[Key("x")]);
        AssertJson("""{"v":2}""", (await LoadAsync(projection, 2, "x"))[Key("x")]);
        AssertJson("""{"v":1}""", await FindAsync(projection, "x"));
        Assert.Equal(["x", "y"], (await Storage.QueryAsync(projection, Tenant, new DocumentQuery())).Select(d => d.Id));

        Assert.True(await Storage.CommitAsync(Commit(projection, At(2), At(3), Put("z", """{"v":2}""")) with { Generation = 2, Owner = OtherOwner, Activate = true }));

        var live = Assert.Single(await Storage.GetGenerationsAsync(projection));
        Assert.Equal((2, GenerationStatus.Live, At(3), OtherOwner), (live.Generation, live.Status, live.Checkpoint, live.LeaseOwner));
        AssertJson("""{"v":2}""", await FindAsync(projection, "x"));
        Assert.Null(await Storage.FindAsync(projection, Key("y")));
        Assert.Equal(["x", "z"], (await Storage.QueryAsync(projection, Tenant, new DocumentQuery())).Select(d => d.Id));
        Assert.Empty(await LoadAsync(projection, 1, "x", "y"));

        // The retired generation is out of every worker's reach, even its lease holder's.
        Assert.False(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));
        Assert.False(await Storage.CommitAsync(Commit(projection, At(3), At(4), Put("x", """{"v":9}"""))));
        Assert.False(await Storage.SetStateAsync(projection, 1, ProjectionRunState.Paused));
        Assert.Empty(await LoadAsync(projection, 1, "x"));
        AssertJson("""{"v":2}""", await FindAsync(projection, "x"));
        Assert.Equal(3, (await Storage.StartRebuildAsync(projection, Start)).Generation);
    }

    [Fact]
    public async Task Tenants_ShareDocumentIds_WithoutSeeingEachOthersDocuments()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.CommitAsync(Commit(
            projection, Start, At(1), Put("acme", "a1", """{"owner":"ada"}"""), Put("globex", "a1", """{"owner":"bob"}"""), Put("globex", "a2", """{"owner":"bob"}"""))));

        var loaded = await Storage.LoadAsync(projection, 1, [new DocumentKey("acme", "a1"), new DocumentKey("globex", "a1"), new DocumentKey("initech", "a1")]);

        Assert.Equal(2, loaded.Count);
        AssertJson("""{"owner":"ada"}""", loaded[new DocumentKey("acme", "a1")]);
        AssertJson("""{"owner":"bob"}""", loaded[new DocumentKey("globex", "a1")]);
        AssertJson("""{"owner":"ada"}""", await Storage.FindAsync(projection, new DocumentKey("acme", "a1")));
        Assert.Null(await Storage.FindAsync(projection, new DocumentKey("acme", "a2")));
        Assert.Equal(["a1"], (await Storage.QueryAsync(projection, "acme", new DocumentQuery())).Select(d => d.Id));
        Assert.Equal(["a1", "a2"], (await Storage.QueryAsync(projection, "globex", new DocumentQuery().Where("owner", "bob"))).Select(d => d.Id));
        Assert.Empty(await Storage.QueryAsync(projection, "acme", new DocumentQuery().Where("owner", "bob")));
        Assert.Empty(await Storage.QueryAsync(projection, "initech", new DocumentQuery()));
    }

    [Fact]
    public async Task Query_Filters_CompareJsonValues()
    {
        var projection = await LeasedAsync();
        Assert.True(await Storage.CommitAsync(Commit(
            projection, Start, At(1),
            Put("a", """{"name":"ada","n":2,"flag":true,"opt":null}"""),
            Put("b", """{"name":"bob","n":2.0,"flag":false}"""),
            Put("c", """{"name":"2","n":"2","flag":1,"opt":"x"}"""),
            Put("d", """{"name":"dan","n":3.50,"flag":true,"opt":0}"""),
            Put("e", """{"nested":{"name":"ada","opt":1},"opt":false}"""),
            Put("f", """[{"name":"ada"}]"""),
            Put("g", """{"name":["ada"],"n":[2],"flag":[true],"opt":[null]}"""))));

        async Task<string[]> Ids(DocumentQuery query) => [.. (await Storage.QueryAsync(projection, Tenant, query)).Select(d => d.Id)];

        Assert.Equal(["a"], await Ids(new DocumentQuery().Where("name", "ada")));
        Assert.Equal(["a", "b"], await Ids(new DocumentQuery().Where("n", 2L)));
        Assert.Equal(["a", "b"], await Ids(new DocumentQuery().Where("n", 2.0m)));
        Assert.Equal(["d"], await Ids(new DocumentQuery().Where("n", 3.5m)));
        Assert.Equal(["c"], await Ids(new DocumentQuery().Where("n", "2")));
        Assert.Equal(["c"], await Ids(new DocumentQuery().Where("name", "2")));
        Assert.Empty(await Ids(new DocumentQuery().Where("name", 2L)));
        Assert.Equal(["a", "d"], await Ids(new DocumentQuery().Where("flag", true)));
        Assert.Equal(["b"], await Ids(new DocumentQuery().Where("flag", false)));
        Assert.Equal(["c"], await Ids(new DocumentQuery().Where("flag", 1L)));
        Assert.Equal(["d"], await Ids(new DocumentQuery().Where("opt", 0L)));
        Assert.Equal(["e"], await Ids(new DocumentQuery().Where("opt", false)));
        Assert.Equal(["a", "b", "f"], await Ids(new DocumentQuery().Where("opt", (string?)null)));
        Assert.Equal(["a"], await Ids(new DocumentQuery().Where("flag", true).Where("n", 2L).Where("opt", (string?)null)));
        Assert.Empty(await Ids(new DocumentQuery().Where("name", "ada").Where("name", "bob")));
        Assert.Empty(await Ids(new DocumentQuery().Where("missing", "ada")));
    }

    [Fact]
    public async Task Query_OrdersByOrdinalId_AndPagesThroughEveryDocumentExactlyOnce()
    {
        var projection = await LeasedAsync();
        string[] ids = ["b", "a", "B", "a-10", "a-9", "a", "é", "z", "~", "中", "😀", "\uFF5E", "0", "a b"];
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(1), [.. ids.Select((id, i) => Put(id, $$"""{"i":{{i}},"even":{{(i % 2 == 0 ? "true" : "false")}}}"""))])));

        // Ordinal by Unicode code point, as databases order UTF-8 text byte by byte.
        var expected = ids.Distinct().OrderBy(id => Encoding.UTF8.GetBytes(id), Comparer<byte[]>.Create((l, r) => l.AsSpan().SequenceCompareTo(r))).ToList();
        var paged = new List<string>();
        string? after = null;
        for (var page = 0; page < 20; page++)
        {
            var documents = await Storage.QueryAsync(projection, Tenant, new DocumentQuery { AfterId = after, Take = 3 });
            Assert.True(documents.Count <= 3);
            paged.AddRange(documents.Select(d => d.Id));
            if (documents.Count < 3)
            {
                break;
            }

            after = documents[^1].Id;
        }

        Assert.Equal(expected, paged);
        Assert.Equal(expected.Take(5), (await Storage.QueryAsync(projection, Tenant, new DocumentQuery { Take = 5 })).Select(d => d.Id));
        var evens = (await Storage.QueryAsync(projection, Tenant, new DocumentQuery { AfterId = "a", Take = 2 }.Where("even", true))).Select(d => d.Id).ToList();
        Assert.Equal(expected.SkipWhile(id => id != "a").Skip(1).Where(id => Array.LastIndexOf(ids, id) % 2 == 0).Take(2), evens);
    }

    [Fact]
    public async Task HostileTenantsIdsAndFilters_AreStoredAndMatchedLiterally()
    {
        var projection = await LeasedAsync();
        string[] tenants = ["t'; DROP TABLE projection_documents; --", "租户-🙂"];
        string[] ids = ["'; DELETE FROM projection_documents; --", "doc/\"42\"\\", "注文-🙂-ü", "%", "_", new string('z', StreamId.MaxLength)];
        string[] properties = ["na'me;--", "a.b", "$", "[0]", "ü 🙂", "%"];
        string[] values = ["'; DROP TABLE x; --", "%", "_", "\"quoted\"\\", "🙂", "a'b", "{\"a\":1}"];
        var writes = new List<DocumentWrite>();
        foreach (var tenant in tenants)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                // Every document has a nested a.b that a driver reading "a.b" as a path would wrongly match.
                var document = new JsonObject { ["a"] = new JsonObject { ["b"] = "%" } };
                document[properties[i % properties.Length]] = values[i % values.Length];
                writes.Add(new DocumentWrite(new DocumentKey(tenant, ids[i]), Encoding.UTF8.GetBytes(document.ToJsonString())));
            }
        }

        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(1), [.. writes])));

        foreach (var tenant in tenants)
        {
            Assert.Equal(ids.Length, (await Storage.LoadAsync(projection, 1, [.. ids.Select(id => new DocumentKey(tenant, id))])).Count);
            for (var i = 0; i < ids.Length; i++)
            {
                var (property, value) = (properties[i % properties.Length], values[i % values.Length]);
                Assert.NotNull(await Storage.FindAsync(projection, new DocumentKey(tenant, ids[i])));
                var matches = await Storage.QueryAsync(projection, tenant, new DocumentQuery().Where(property, value));
                Assert.Equal(ids[i], Assert.Single(matches).Id);
                Assert.Equal(value, JsonNode.Parse(matches[0].Data.Span)![property]!.GetValue<string>());
            }
        }

        Assert.Empty(await Storage.QueryAsync(projection, "t'; DROP TABLE projection_documents; --' OR '1'='1", new DocumentQuery()));
        Assert.Null(await Storage.FindAsync(projection, new DocumentKey(tenants[0], "%%")));
        Assert.Single(await Storage.QueryAsync(projection, tenants[0], new DocumentQuery().Where("a.b", "%")));
        Assert.Empty(await Storage.QueryAsync(projection, tenants[0], new DocumentQuery().Where("%", "_")));
    }

    [Fact]
    public async Task InvalidArguments_AreRefused_BeforeAnythingIsWritten()
    {
        foreach (var name in new[] { "", "Upper", "1st", "with space", "under_score", "ü", "trailing\n", new string('a', 101) })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.RegisterAsync(name, Start));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.GetGenerationsAsync(name));
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.RegisterAsync(null!, Start));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.RegisterAsync(NewProjection(), new GlobalPosition(0, -1)));
        var longest = "a" + Guid.NewGuid().ToString("N") + new string('-', 67);
        Assert.Equal(longest, Assert.Single(await Storage.RegisterAsync(longest, Start)).Projection);

        var projection = await LeasedAsync();
        await SeedAsync(projection);
        foreach (var owner in new[] { "", "   ", "a\nb", new string('o', 201) })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.TryAcquireLeaseAsync(projection, 1, owner, LongLease));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(projection, At(1), At(2), Put("x", "{}")) with { Owner = owner }));
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.TryAcquireLeaseAsync(projection, 1, Owner, TimeSpan.Zero));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.TryAcquireLeaseAsync(projection, 1, Owner, TimeSpan.FromMilliseconds(-1)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.TryAcquireLeaseAsync(projection, 0, Owner, LongLease));

        foreach (var bad in new[] { new DocumentKey(Tenant, ""), new DocumentKey(Tenant, new string('x', 201)), new DocumentKey(Tenant, "a\u0001b"), new DocumentKey("", "x"), new DocumentKey("t\u007f", "x"), default })
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
                await Storage.CommitAsync(Commit(projection, At(1), At(2), Put("fine", "{}"), new DocumentWrite(bad, "{}"u8.ToArray()))));
            Assert.Contains("document", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.FindAsync(projection, bad));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.LoadAsync(projection, 1, [bad]));
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(projection, At(1), Start, Put("fine", "{}"))));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(projection, At(1), At(2), Put("fine", "{}")) with { State = ProjectionRunState.Failed }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(projection, At(1), At(2), Put("fine", "{}")) with { Error = "no state" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(projection, At(1), At(2)) with { Failures = [Failure(NewProjection(), 1, skipped: true)] }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.LoadAsync(projection, 1, null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.QueryAsync(projection, "", new DocumentQuery()));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.QueryAsync(projection, Tenant, null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.SetStateAsync(projection, 1, (ProjectionRunState)7));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.GetFailuresAsync(projection, -1));

        await AssertUnchangedAsync(projection);
    }

    [Fact]
    public async Task InvalidJson_IsRefused_NamingTheDocument_AndNothingIsWritten()
    {
        var projection = await LeasedAsync();
        await SeedAsync(projection);

        foreach (var json in new[] { "{\"a\":", "not json", "{} {}", string.Empty })
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(
                Commit(projection, At(1), At(2), Put("fine", "{}"), Delete("seed"), new DocumentWrite(Key("broken-doc"), Encoding.UTF8.GetBytes(json)))));
            Assert.Contains("broken-doc", error.Message, StringComparison.Ordinal);
        }

        var invalidUtf8 = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Storage.CommitAsync(
            Commit(projection, At(1), At(2), Put("fine", "{}"), new DocumentWrite(Key("broken-utf8"), new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }))));
        Assert.Contains("broken-utf8", invalidUtf8.Message, StringComparison.Ordinal);

        await AssertUnchangedAsync(projection);
    }

    [Fact]
    public async Task Documents_AreCopied_SoCallersCannotChangeWhatIsStored()
    {
        var projection = await LeasedAsync();
        var bytes = Encoding.UTF8.GetBytes("""{"v":1}""");
        Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(1), new DocumentWrite(Key("x"), bytes))));
        bytes[5] = (byte)'7';

        var loaded = (await LoadAsync(projection, 1, "x"))[Key("x")];
        if (MemoryMarshal.TryGetArray(loaded, out var segment))
        {
            segment.Array![segment.Offset + 5] = (byte)'8';
        }

        AssertJson("""{"v":1}""", await FindAsync(projection, "x"));
        AssertJson("""{"v":1}""", (await Storage.QueryAsync(projection, Tenant, new DocumentQuery()))[0].Data);
    }

    [Fact]
    public async Task Reads_OfAnUnknownProjection_FindNothing()
    {
        var projection = NewProjection();

        Assert.Null(await Storage.FindAsync(projection, Key("x")));
        Assert.Empty(await Storage.QueryAsync(projection, Tenant, new DocumentQuery()));
        Assert.Empty(await Storage.LoadAsync(projection, 1, [Key("x")]));
        var registered = await RegisteredAsync();
        Assert.Empty(await Storage.LoadAsync(registered, 1, []));
    }

    protected static string NewProjection() => "p-" + Guid.NewGuid().ToString("N");

    protected static GlobalPosition At(long sequence) => new(0, sequence);

    protected static DocumentKey Key(string id) => new(Tenant, id);

    protected static DocumentWrite Put(string id, string json) => Put(Tenant, id, json);

    protected static DocumentWrite Put(string tenant, string id, string json) => new(new DocumentKey(tenant, id), Encoding.UTF8.GetBytes(json));

    protected static DocumentWrite Delete(string id) => new(Key(id), null);

    protected static ProjectionCommit Commit(string projection, GlobalPosition from, GlobalPosition to, params DocumentWrite[] writes)
        => new() { Projection = projection, Generation = 1, Owner = Owner, From = from, To = to, Writes = writes };

    protected async Task<string> RegisteredAsync()
    {
        var projection = NewProjection();
        await Storage.RegisterAsync(projection, Start);
        return projection;
    }

    /// <summary>A new projection whose generation 1 <see cref="Owner"/> leases.</summary>
    protected async Task<string> LeasedAsync()
    {
        var projection = await RegisteredAsync();
        Assert.True(await Storage.TryAcquireLeaseAsync(projection, 1, Owner, LongLease));
        return projection;
    }

    protected async Task<ProjectionGeneration> GenerationAsync(string projection, int generation)
        => Assert.Single(await Storage.GetGenerationsAsync(projection), g => g.Generation == generation);

    /// <summary>Document "seed" and checkpoint 1, what <see cref="AssertUnchangedAsync"/> expects to find.</summary>
    protected async Task SeedAsync(string projection)
        => Assert.True(await Storage.CommitAsync(Commit(projection, Start, At(1), Put("seed", """{"seeded":true}"""))));

    /// <summary>Only what <see cref="SeedAsync"/> wrote is there.</summary>
    protected async Task AssertUnchangedAsync(string projection)
    {
        var generation = await GenerationAsync(projection, 1);
        Assert.Equal((At(1), ProjectionRunState.Running, (string?)null), (generation.Checkpoint, generation.State, generation.Error));
        Assert.Equal([Key("seed")], (await LoadAsync(projection, 1, "seed", "x", "fine", "broken-doc", "broken-utf8")).Keys);
        Assert.Equal(["seed"], (await Storage.QueryAsync(projection, Tenant, new DocumentQuery())).Select(d => d.Id));
        Assert.Empty(await Storage.GetFailuresAsync(projection));
    }

    protected static void AssertJson(string expected, ReadOnlyMemory<byte>? actual)
    {
        Assert.NotNull(actual);
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.Value.Span));
        Assert.True(same, $"Stored JSON {Encoding.UTF8.GetString(actual.Value.Span)} differs from {expected}.");
    }

    private async Task AssertFencedOutAsync(string projection, ProjectionCommit commit)
    {
        var before = await Storage.GetGenerationsAsync(projection);

        Assert.False(await Storage.CommitAsync(commit with { Failures = [Failure(projection, 1, skipped: true)] }));

        var after = await Storage.GetGenerationsAsync(projection);
        Assert.Equal(before.Select(g => (g.Checkpoint, g.State, g.Status, g.UpdatedAt)), after.Select(g => (g.Checkpoint, g.State, g.Status, g.UpdatedAt)));
        var keys = commit.Writes.Select(w => w.Key.Id).Append("seed").ToArray();
        var stored = await LoadAsync(projection, 1, keys);
        Assert.Equal(before[0].Checkpoint == Start ? Array.Empty<DocumentKey>() : new[] { Key("seed") }, stored.Keys);
        Assert.Empty(await Storage.GetFailuresAsync(projection));
    }

    private async Task<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(string projection, int generation, params string[] ids)
        => await Storage.LoadAsync(projection, generation, [.. ids.Select(Key)]);

    private async Task<ReadOnlyMemory<byte>?> FindAsync(string projection, string id) => await Storage.FindAsync(projection, Key(id));

    private static (ProjectionRunState, string?) State(ProjectionGeneration generation) => (generation.State, generation.Error);

    private static ProjectionFailure Failure(string projection, long sequence, bool skipped)
        => new(
            projection,
            1,
            new GlobalPosition(7, sequence),
            new StreamId("t'; --", "s-" + sequence),
            sequence,
            Guid.CreateVersion7(),
            "Deposited",
            $"System.FormatException: 'nope' #{sequence}",
            skipped,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).AddMinutes(sequence));
}
