using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Projections;

/// <summary>
/// The projection engine over one driver's event store and projection storage, as applications run it. A "process"
/// is a container of its own over the same databases, so crashes, restarts and rival workers are real.
/// </summary>
public abstract class ProjectionEngineTests : IAsyncLifetime
{
    private const string Projection = "account-summary";

    private readonly List<ServiceProvider> _processes = [];
    private IEventStore _store = null!;
    private IProjectionStorage _realStorage = null!;
    private FaultyProjectionStorage _storage = null!;

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var (store, storage) = await CreateStoresAsync(Clock);
        (_store, _realStorage, _storage) = (store, storage, new FaultyProjectionStorage(storage));
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task CatchUp_BuildsDocuments_DeletesThem_AndQueriesFilterAndPage()
    {
        var process = Start();
        for (var i = 1; i <= 7; i++)
        {
            await AppendAsync(process, $"a{i}", new AccountOpened($"a{i}", i % 2 == 0 ? "ada" : "bob"), new Deposited($"a{i}", i));
        }

        await AppendAsync(process, "a3", new AccountClosed("a3"));
        await AppendAsync(process, "a9", new Deposited("a9", 5)); // no account to apply to: ignored

        await Manager(process).CatchUpAsync();

        var accounts = Accounts(process);
        Assert.Equal((2m, 1, "ada"), Summary(await accounts.LoadAsync("a2")));
        Assert.Null(await accounts.LoadAsync("a3"));
        Assert.Null(await accounts.LoadAsync("a9"));

        var bobs = new List<string>();
        var query = new DocumentQuery { Take = 2 }.Where("Owner", "bob");
        for (var page = await accounts.QueryAsync(query); ; page = await accounts.QueryAsync(query with { AfterId = page.NextAfterId }))
        {
            bobs.AddRange(page.Documents.Select(a => a.Id));
            if (page.NextAfterId is null)
            {
                break;
            }
        }

        Assert.Equal(["a1", "a5", "a7"], bobs);
        Assert.Equal(["a4"], (await accounts.QueryAsync(new DocumentQuery().Where("Owner", "ada").Where("Balance", 4m))).Documents.Select(a => a.Id));
    }

    [Fact]
    public async Task ACrashBeforeACommit_NeitherLosesNorDoublesAnEvent()
    {
        var first = Start(o => o.LeaseDuration = TimeSpan.FromMilliseconds(300));
        var expected = await SeedDepositsAsync(first, accounts: 3, deposits: 6);
        var commits = 0;
        _storage.CrashBefore = _ => Interlocked.Increment(ref commits) == 3;

        await Assert.ThrowsAsync<SimulatedCrash>(() => Manager(first).CatchUpAsync().AsTask());
        _storage.CrashBefore = _ => false;

        // A new process takes over once the dead one's lease expires.
        var second = Start(o => o.LeaseDuration = TimeSpan.FromMilliseconds(300));
        await Manager(second).CatchUpAsync();

        await AssertDepositsAsync(second, expected);
    }

    [Fact]
    public async Task ACrashAfterACommit_ResumesFromTheCheckpoint_WithoutApplyingTheBatchAgain()
    {
        var first = Start(o => o.LeaseDuration = TimeSpan.FromMilliseconds(300));
        var expected = await SeedDepositsAsync(first, accounts: 3, deposits: 6);
        var commits = 0;
        _storage.CrashAfter = _ => Interlocked.Increment(ref commits) == 2;

        await Assert.ThrowsAsync<SimulatedCrash>(() => Manager(first).CatchUpAsync().AsTask());
        _storage.CrashAfter = _ => false;
        var second = Start(o => o.LeaseDuration = TimeSpan.FromMilliseconds(300));
        await Manager(second).CatchUpAsync();

        await AssertDepositsAsync(second, expected);
    }

    [Fact]
    public async Task TwoWorkers_OnlyTheLeaseHolderApplies_AndEveryEventCountsOnce()
    {
        var one = Start();
        var other = Start();
        var expected = await SeedDepositsAsync(one, accounts: 5, deposits: 8);

        await Task.WhenAll(Manager(one).CatchUpAsync().AsTask(), Manager(other).CatchUpAsync().AsTask());

        await AssertDepositsAsync(one, expected);
        Assert.Single(_storage.Committed.Select(c => c.Owner).Distinct());
    }

    [Fact]
    public async Task ConcurrentAppends_WhileTheDaemonRuns_AreEachAppliedOnce()
    {
        var process = Start(o => o.PollInterval = TimeSpan.FromMilliseconds(10));
        var expected = new ConcurrentDictionary<string, int>();
        await BackgroundWork.RunAsync(process, async () =>
        {
            await Task.WhenAll(Enumerable.Range(1, 4).Select(async writer =>
            {
                var account = $"w{writer}";
                await AppendAsync(process, account, new AccountOpened(account, "ada"));
                for (var i = 0; i < 25; i++)
                {
                    await AppendAsync(process, account, new Deposited(account, 1));
                    expected.AddOrUpdate(account, 1, (_, n) => n + 1);
                }
            }));

            await Eventually.True(async () => (await Manager(process).GetStatusAsync()).All(s => s.EventsBehind == 0), "the daemon applied every event");
        });

        await AssertDepositsAsync(process, expected);
    }

    [Fact]
    public async Task APoisonEvent_StopsTheProjectionBeforeIt_RecordsWhy_AndResumingAppliesIt()
    {
        var process = Start(o => (o.MaxRetries, o.RetryDelay) = (2, TimeSpan.FromMilliseconds(1)));
        var projection = process.GetRequiredService<AccountSummaryProjection>();
        projection.Failing = -1;
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1));
        await AppendAsync(process, "a1", new Audited("a1"));
        await AppendAsync(process, "a1", new Deposited("a1", 2));

        await Manager(process).CatchUpAsync();

        Assert.Equal((1m, 1, "ada"), Summary(await Accounts(process).LoadAsync("a1")));
        Assert.Equal(0, (await Accounts(process).LoadAsync("a1"))!.Audits); // the failed Apply's change was not kept
        var status = Assert.Single(await Manager(process).GetStatusAsync());
        Assert.Equal((ProjectionRunState.Failed, 2L), (status.State, status.EventsBehind));
        Assert.Contains("Audit of a1 refused", status.Error, StringComparison.Ordinal);
        var failure = Assert.Single(await Manager(process).GetFailuresAsync(Projection));
        Assert.Equal(("Audited", 3L, false), (failure.EventName, failure.Version, failure.Skipped));
        var health = await new ProjectionHealthCheck(Manager(process), TimeSpan.FromDays(3650)).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);

        projection.Failing = 0; // the fix is deployed
        await Manager(process).ResumeAsync(Projection);
        await Manager(process).CatchUpAsync();

        var account = (await Accounts(process).LoadAsync("a1"))!;
        Assert.Equal((3m, 2, 1), (account.Balance, account.Deposits, account.Audits));
        Assert.Equal(ProjectionRunState.Running, Assert.Single(await Manager(process).GetStatusAsync()).State);
    }

    [Fact]
    public async Task APoisonEvent_WithSkip_IsRecordedAndPassed()
    {
        var process = Start(o => (o.MaxRetries, o.RetryDelay, o.OnFailure) = (1, TimeSpan.FromMilliseconds(1), ProjectionFailureMode.Skip));
        process.GetRequiredService<AccountSummaryProjection>().Failing = -1;
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Audited("a1"), new Deposited("a1", 2));

        await Manager(process).CatchUpAsync();

        var account = (await Accounts(process).LoadAsync("a1"))!;
        Assert.Equal((2m, 1, 0), (account.Balance, account.Deposits, account.Audits));
        Assert.True(Assert.Single(await Manager(process).GetFailuresAsync(Projection)).Skipped);
        Assert.Equal((ProjectionRunState.Running, 0L), Assert.Single(await Manager(process).GetStatusAsync()) is var s ? (s.State, s.EventsBehind) : default);
    }

    [Fact]
    public async Task ATransientFailure_IsRetried_AndLeavesNoFailure()
    {
        var process = Start(o => (o.MaxRetries, o.RetryDelay) = (3, TimeSpan.FromMilliseconds(1)));
        process.GetRequiredService<AccountSummaryProjection>().Failing = 2;
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1), new Audited("a1"), new Deposited("a1", 1));

        await Manager(process).CatchUpAsync();

        var account = (await Accounts(process).LoadAsync("a1"))!;
        Assert.Equal((2, 1), (account.Deposits, account.Audits));
        Assert.Empty(await Manager(process).GetFailuresAsync(Projection));
    }

    [Fact]
    public async Task Rebuild_ReadersSeeTheLiveGenerationUntilTheNewOneSwitchesIn()
    {
        var process = Start();
        await SeedDepositsAsync(process, accounts: 3, deposits: 4);
        await Manager(process).CatchUpAsync();
        process.GetRequiredService<AccountSummaryProjection>().Multiplier = 10; // the new version's logic

        var seenWhileBuilding = new ConcurrentBag<decimal>();
        _storage.AfterCommit = async commit =>
        {
            if (commit is { Generation: 2, Activate: false })
            {
                seenWhileBuilding.Add((await Accounts(process).LoadAsync("a1"))!.Balance);
            }
        };
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var seen = new HashSet<decimal>();
            while (!stop.IsCancellationRequested)
            {
                var page = await Accounts(process).QueryAsync(new DocumentQuery());
                Assert.Equal(3, page.Documents.Count); // never a half-built set
                seen.UnionWith(page.Documents.Select(a => a.Balance));
            }

            return seen;
        });

        Assert.Equal(2, await Manager(process).RebuildAsync(Projection));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Manager(process).RebuildAsync(Projection).AsTask());
        await Manager(process).CatchUpAsync();
        await stop.CancelAsync();

        Assert.NotEmpty(seenWhileBuilding);
        Assert.All(seenWhileBuilding, balance => Assert.Equal(4m, balance));
        Assert.Subset(new HashSet<decimal> { 4m, 40m }, await reader);
        Assert.Equal(40m, (await Accounts(process).LoadAsync("a1"))!.Balance);
        var live = Assert.Single(await Manager(process).GetStatusAsync());
        Assert.Equal((2, GenerationStatus.Live), (live.Generation, live.Status));
    }

    [Fact]
    public async Task Backfill_FromATimestamp_AppliesOnlyTheEventsStoredSince()
    {
        var since = Clock.GetUtcNow().AddHours(1);
        var process = Start(o => o.FromTimestamp = since);
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1));
        Clock.Advance(TimeSpan.FromHours(1));
        await AppendAsync(process, "a2", new AccountOpened("a2", "bob"), new Deposited("a2", 2));
        await AppendAsync(process, "a1", new Deposited("a1", 3));

        await Manager(process).CatchUpAsync();

        Assert.Null(await Accounts(process).LoadAsync("a1"));
        Assert.Equal((2m, 1, "bob"), Summary(await Accounts(process).LoadAsync("a2")));
    }

    [Fact]
    public async Task Status_SaysHowManyEventsAndHowLongBehind()
    {
        var process = Start(services: s => s.AddSingleton<TimeProvider>(Clock));
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1));
        await AppendAsync(process, "a2", new AccountOpened("a2", "bob"));
        Clock.Advance(TimeSpan.FromMinutes(5));

        var before = Assert.Single(await Manager(process).GetStatusAsync());
        Assert.Equal((Projection, 1, 3L, TimeSpan.FromMinutes(5)), (before.Projection, before.Generation, before.EventsBehind, before.TimeBehind));
        var lagging = await new ProjectionHealthCheck(Manager(process), TimeSpan.FromMinutes(1)).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, lagging.Status);

        await Manager(process).CatchUpAsync();

        var after = Assert.Single(await Manager(process).GetStatusAsync());
        Assert.Equal((0L, TimeSpan.Zero, ProjectionRunState.Running), (after.EventsBehind, after.TimeBehind, after.State));
        var healthy = await new ProjectionHealthCheck(Manager(process), TimeSpan.FromMinutes(1)).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
    }

    [Fact]
    public async Task Pause_StopsProcessing_UntilResumed()
    {
        var process = Start();
        await Manager(process).PauseAsync(Projection);
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"));

        await Manager(process).CatchUpAsync(); // a paused projection is not waited for

        Assert.Null(await Accounts(process).LoadAsync("a1"));
        Assert.Equal(ProjectionRunState.Paused, Assert.Single(await Manager(process).GetStatusAsync()).State);
        await Manager(process).ResumeAsync(Projection);
        await Manager(process).CatchUpAsync();
        Assert.NotNull(await Accounts(process).LoadAsync("a1"));
    }

    [Fact]
    public async Task Tenants_KeepSeparateDocuments_UnderTheSameId()
    {
        var process = Start();
        await AppendAsync(process, "acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1));
        await AppendAsync(process, "globex", "a1", new AccountOpened("a1", "bob"), new Deposited("a1", 7));

        await Manager(process).CatchUpAsync();

        var accounts = Accounts(process);
        Assert.Null(await accounts.LoadAsync("a1")); // the default tenant has none
        Assert.Equal((1m, 1, "ada"), Summary(await accounts.ForTenant("acme").LoadAsync("a1")));
        Assert.Equal((7m, 1, "bob"), Summary(await accounts.ForTenant("globex").LoadAsync("a1")));
        Assert.Equal(["bob"], (await accounts.ForTenant("globex").QueryAsync(new DocumentQuery())).Documents.Select(a => a.Owner));
        Assert.Throws<ArgumentException>(() => accounts.ForTenant(""));
    }

    [Fact]
    public async Task ATenantScope_ReadsItsOwnDocuments_IsRefusedOthers_AndCatchUpStillReadsEveryTenant()
    {
        var process = Start();
        await AppendAsync(process, "acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 1));
        await AppendAsync(process, "globex", "a1", new AccountOpened("a1", "bob"), new Deposited("a1", 7));

        using var acme = TenantScope.Begin("acme");
        await Manager(process).CatchUpAsync(); // the projection's work is the system's, whoever asks for it

        Assert.Equal((1m, 1, "ada"), Summary(await Accounts(process).LoadAsync("a1")));
        Assert.Equal(["ada"], (await Accounts(process).QueryAsync(new DocumentQuery())).Documents.Select(a => a.Owner));
        Assert.Throws<CrossTenantAccessException>(() => Accounts(process).ForTenant("globex"));
        Assert.Equal(0, Assert.Single(await Manager(process).GetStatusAsync()).EventsBehind);
    }

    [Fact]
    public async Task Inline_UnderATenantScope_UpdatesThatTenantsDocuments()
    {
        var process = StartInline();
        await Manager(process).CatchUpAsync();

        using (TenantScope.Begin("acme"))
        {
            await AppendAsync(process, "acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 5));
            Assert.Equal((5m, 1, "ada"), Summary(await Accounts(process).LoadAsync("a1")));
        }

        Assert.Null(await Accounts(process).LoadAsync("a1")); // the default tenant has none
    }

    [Fact]
    public async Task Inline_UpdatesDocumentsInTheAppendsOwnTransaction()
    {
        var process = StartInline();
        await Manager(process).CatchUpAsync(); // the first generation goes live at once: there is nothing to read

        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 5));
        Assert.Equal((5m, 1, "ada"), Summary(await Accounts(process).LoadAsync("a1")));

        var serializer = process.GetRequiredService<EventSerializer>();
        await process.GetRequiredService<IEventStore>().AppendAsync(
        [
            new StreamAppend(new StreamId(StreamId.DefaultTenant, "account-a1"), ExpectedVersion.Exactly(2), [Data(serializer, new Deposited("a1", 2))]),
            new StreamAppend(new StreamId(StreamId.DefaultTenant, "account-a2"), ExpectedVersion.NoStream, [Data(serializer, new AccountOpened("a2", "bob"))]),
        ]);
        Assert.Equal((7m, 2, "ada"), Summary(await Accounts(process).LoadAsync("a1")));
        Assert.Equal((0m, 0, "bob"), Summary(await Accounts(process).LoadAsync("a2")));

        await AppendAsync(process, "a2", new AccountClosed("a2"));
        Assert.Null(await Accounts(process).LoadAsync("a2"));
        var status = Assert.Single(await Manager(process).GetStatusAsync());
        Assert.Equal((GenerationStatus.Live, 0L), (status.Status, status.EventsBehind));
    }

    [Fact]
    public async Task Inline_ConcurrentAppendsToOneDocument_FromDifferentStreams_LoseNoUpdate()
    {
        var process = StartInline();
        await Manager(process).CatchUpAsync();
        var store = process.GetRequiredService<IEventStore>();
        var serializer = process.GetRequiredService<EventSerializer>();

        await AppendAsync(process, "shared", new AccountOpened("shared", "ada"));

        await Task.WhenAll(Enumerable.Range(1, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync(new StreamId(StreamId.DefaultTenant, $"teller-{writer}-{i}"), ExpectedVersion.NoStream, [Data(serializer, new Deposited("shared", 1))]);
            }
        })));

        Assert.Equal((40m, 40, "ada"), Summary(await Accounts(process).LoadAsync("shared")));
    }

    [Fact]
    public async Task Inline_AProjectionThatThrows_FailsTheAppend_AndWritesNothing()
    {
        var process = StartInline();
        await Manager(process).CatchUpAsync();
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"));
        process.GetRequiredService<AccountSummaryProjection>().Failing = -1;

        var refused = await Assert.ThrowsAsync<InlineProjectionException>(() => AppendAsync(process, "a1", new Deposited("a1", 3), new Audited("a1")));

        var audited = process.GetRequiredService<IMessageCatalog>().Find(typeof(Audited))!.Name;
        Assert.Equal((Projection, audited, 3L), (refused.Projection, refused.EventName, refused.Version));
        Assert.IsType<InvalidOperationException>(refused.InnerException);
        Assert.Equal(1, await _store.GetStreamVersionAsync(new StreamId(StreamId.DefaultTenant, "account-a1")));
        Assert.Equal((0m, 0, "ada"), Summary(await Accounts(process).LoadAsync("a1")));
        Assert.Equal(0, (await Accounts(process).LoadAsync("a1"))!.Audits);

        // Bad input passes the inline routing and gets the driver's own refusal.
        var store = process.GetRequiredService<IEventStore>();
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(new StreamId(StreamId.DefaultTenant, "account-a1"), ExpectedVersion.Any, []).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync([null!]).AsTask());
    }

    [Fact]
    public async Task Inline_ANewProjection_BuildsFromStoredEvents_ThenAppendsKeepItCurrent()
    {
        var expected = await SeedDepositsAsync(Start(o => o.BatchSize = 2), accounts: 3, deposits: 4);
        var process = StartInline(o => o.BatchSize = 2);
        Assert.Null(await Accounts(process).LoadAsync("a1")); // still building: readers see no half-built generation

        await Manager(process).CatchUpAsync();
        await AssertDepositsAsync(process, expected);

        await AppendAsync(process, "a1", new Deposited("a1", 1));
        Assert.Equal(5, (await Accounts(process).LoadAsync("a1"))!.Deposits);
    }

    [Fact]
    public async Task Inline_Rebuild_WhileAppendsContinue_SwitchesWithoutMissingOne()
    {
        var process = StartInline(o => o.BatchSize = 3);
        await Manager(process).CatchUpAsync();
        var expected = await SeedDepositsAsync(process, accounts: 3, deposits: 3);
        process.GetRequiredService<AccountSummaryProjection>().Multiplier = 10;

        Assert.Equal(2, await Manager(process).RebuildAsync(Projection));
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var round = 0; !writing.IsCancellationRequested || round < 3; round++)
            {
                for (var a = 1; a <= 3; a++)
                {
                    await AppendAsync(process, $"a{a}", new Deposited($"a{a}", 1));
                    expected[$"a{a}"]++;
                }
            }
        });
        await Eventually.True(async () =>
        {
            await Manager(process).CatchUpAsync();
            return (await Manager(process).GetStatusAsync()).Single().Generation == 2;
        }, "the rebuilt generation went live");
        await writing.CancelAsync();
        await writer;

        foreach (var (account, deposits) in expected)
        {
            var summary = (await Accounts(process).LoadAsync(account))!;
            Assert.Equal((account, deposits, deposits * 10m), (account, summary.Deposits, summary.Balance));
        }
    }

    [Fact]
    public async Task Inline_TheSwitch_WaitsUntilTheBuilderHasReadEveryAppend()
    {
        var process = Start();
        await AppendAsync(process, "a1", new AccountOpened("a1", "ada"));
        var opened = process.GetRequiredService<IMessageCatalog>().Find(typeof(AccountOpened))!.Name;
        const string Other = "other-projection";
        await _realStorage.RegisterAsync(Other, default, GenerationStatus.Building);
        Assert.True(await _realStorage.TryAcquireLeaseAsync(Other, 1, "worker", TimeSpan.FromMinutes(1)));
        var last = await _store.ReadAllAsync(new ReadAllOptions()).LastAsync();

        var early = new ProjectionCommit { Projection = Other, Generation = 1, Owner = "worker", From = default, To = default, Activate = true, InlineEventNames = [opened] };
        Assert.True(await _realStorage.CommitAsync(early));
        Assert.Equal(GenerationStatus.Building, Assert.Single(await _realStorage.GetGenerationsAsync(Other)).Status);

        Assert.True(await _realStorage.CommitAsync(early with { To = last.Position }));
        var live = Assert.Single(await _realStorage.GetGenerationsAsync(Other));
        Assert.Equal((GenerationStatus.Live, last.Position), (live.Status, live.Checkpoint));
    }

    [Fact]
    public void Inline_WithProjectionStorageOutsideTheEventStoresDatabase_IsRefusedClearly()
    {
        var process = Start(o => o.Mode = ProjectionMode.Inline); // the test wrapper is not the store's own storage

        var refused = Assert.Throws<InvalidOperationException>(() => process.GetRequiredService<IEventStore>());
        Assert.Contains($"'{Projection}' is inline", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The event store and projection storage of the driver under test, empty.</summary>
    protected abstract Task<(IEventStore Store, IProjectionStorage Storage)> CreateStoresAsync(TimeProvider clock);

    private static IProjectionManager Manager(ServiceProvider process) => process.GetRequiredService<IProjectionManager>();

    private static IProjectionStore<AccountSummary> Accounts(ServiceProvider process) => process.GetRequiredService<IProjectionStore<AccountSummary>>();

    private static (decimal Balance, int Deposits, string Owner) Summary(AccountSummary? account)
    {
        Assert.NotNull(account);
        return (account.Balance, account.Deposits, account.Owner);
    }

    private ServiceProvider Start(Action<ProjectionOptions>? configure = null, Action<IServiceCollection>? services = null, IProjectionStorage? storage = null)
    {
        var process = TestServices.Build(
            b => b.UseEventSourcing(AccountJsonContext.Default).UseEventStore(_store).UseProjectionStorage(storage ?? _storage).ConfigureProjection(Projection, o =>
            {
                o.BatchSize = 5;
                configure?.Invoke(o);
            }),
            services);
        _processes.Add(process);
        return process;
    }

    private ServiceProvider StartInline(Action<ProjectionOptions>? configure = null)
        => Start(
            o =>
            {
                o.Mode = ProjectionMode.Inline;
                configure?.Invoke(o);
            },
            storage: _realStorage);

    private static EventData Data(EventSerializer serializer, IEvent e)
    {
        var serialized = serializer.Serialize(e);
        return new EventData(Guid.CreateVersion7(), serialized.Name, serialized.Data, ReadOnlyMemory<byte>.Empty);
    }

    private Task AppendAsync(ServiceProvider process, string account, params IEvent[] events)
        => AppendAsync(process, StreamId.DefaultTenant, account, events);

    private async Task AppendAsync(ServiceProvider process, string tenant, string account, params IEvent[] events)
    {
        var serializer = process.GetRequiredService<EventSerializer>();
        var data = events.Select(e => serializer.Serialize(e)).Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, ReadOnlyMemory<byte>.Empty)).ToArray();
        await process.GetRequiredService<IEventStore>().AppendAsync(new StreamId(tenant, "account-" + account), ExpectedVersion.Any, data);
    }

    private async Task<Dictionary<string, int>> SeedDepositsAsync(ServiceProvider process, int accounts, int deposits)
    {
        var expected = new Dictionary<string, int>();
        for (var a = 1; a <= accounts; a++)
        {
            await AppendAsync(process, $"a{a}", new AccountOpened($"a{a}", "ada"));
        }

        // Interleaved, so that every batch touches several documents.
        for (var d = 0; d < deposits; d++)
        {
            for (var a = 1; a <= accounts; a++)
            {
                await AppendAsync(process, $"a{a}", new Deposited($"a{a}", 1));
                expected[$"a{a}"] = d + 1;
            }
        }

        return expected;
    }

    private static async Task AssertDepositsAsync(ServiceProvider process, IReadOnlyDictionary<string, int> expected)
    {
        foreach (var (account, deposits) in expected)
        {
            var summary = await Accounts(process).LoadAsync(account);
            Assert.NotNull(summary);
            Assert.Equal((account, deposits, (decimal)deposits), (account, summary.Deposits, summary.Balance));
        }
    }
}
