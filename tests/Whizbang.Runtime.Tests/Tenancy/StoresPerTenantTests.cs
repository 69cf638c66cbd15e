using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Runtime.Tests.Projections;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>
/// A database per tenant (in memory): every tenant's events, documents and checkpoints live in its own stores, an
/// unknown tenant is refused before anything is read or written, and projections run per tenant.
/// </summary>
public sealed class StoresPerTenantTests
{
    private static readonly EventData Event = new(Guid.NewGuid(), "orders.order-placed", """{"orderId":"o-1","customer":"x","total":1}"""u8.ToArray(), "{}"u8.ToArray());

    [Fact]
    public async Task AppendsAndReads_GoToTheStreamsTenantsOwnStore()
    {
        await using var services = Orders();
        var store = services.GetRequiredService<IEventStore>();
        var tenants = services.GetRequiredService<InMemoryTenantStores>();

        await store.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, [Event]);
        await store.AppendAsync([new StreamAppend(new StreamId("globex", "order-1"), ExpectedVersion.NoStream, [Event with { EventId = Guid.NewGuid() }])]);

        Assert.Equal(1, await tenants.StoresOf("acme").Events.CountAsync(new ReadAllOptions()));
        Assert.Equal(1, await tenants.StoresOf("globex").Events.CountAsync(new ReadAllOptions()));
        Assert.Equal(0, await tenants.Home.Events.CountAsync(new ReadAllOptions()));
        Assert.Equal(1, await store.GetStreamVersionAsync(new StreamId("acme", "order-1")));
        Assert.Equal(1, await store.CountStreamsAsync("globex"));
        Assert.Single(await store.ReadAsync("globex", "order-1"));
        Assert.True(await store.DeleteStreamAsync(new StreamId("globex", "order-1"), ExpectedVersion.Any));
        Assert.Null(await tenants.StoresOf("globex").Events.GetStreamVersionAsync(new StreamId("globex", "order-1")));
        Assert.Equal(1, await tenants.StoresOf("acme").Events.GetStreamVersionAsync(new StreamId("acme", "order-1")));
    }

    [Fact]
    public async Task AnUnknownTenant_IsRefusedOnEveryPath_AndNothingIsWritten()
    {
        await using var services = Orders();
        var store = services.GetRequiredService<IEventStore>();
        var initech = new StreamId("initech", "order-1");

        var append = await Assert.ThrowsAsync<UnknownTenantException>(async () => await store.AppendAsync(initech, ExpectedVersion.Any, [Event]));
        Assert.Equal(("initech", TenantIsolation.DatabasePerTenant), (append.Tenant, append.Isolation));
        Assert.Contains("'initech' is not known", append.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was read or written", append.Message, StringComparison.Ordinal);
        Assert.Throws<UnknownTenantException>(() => store.ReadStreamAsync(initech));
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await store.GetStreamVersionAsync(initech));
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await store.CountStreamsAsync("initech"));
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await store.DeleteStreamAsync(initech, ExpectedVersion.Any));
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await services.GetRequiredService<IProjectionStorage>().FindAsync("account-summary", new DocumentKey("initech", "a")));

        using (TenantScope.Begin("initech"))
        {
            var placing = await Assert.ThrowsAsync<UnknownTenantException>(async () => await services.GetRequiredService<IWhizbang>().Send(new OpenOrder("o-1", 10m)));
            Assert.Equal("initech", placing.Tenant);
        }

        Assert.DoesNotContain("initech", services.GetRequiredService<TenantStoreCatalogue>().Tenants);
    }

    [Fact]
    public async Task ABatchSpanningTenants_IsRefusedWhole_AndTheGlobalLogHasNoMeaning()
    {
        await using var services = Orders();
        var store = services.GetRequiredService<IEventStore>();
        var tenants = services.GetRequiredService<TenantStoreCatalogue>();

        var spanning = await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync([
            new StreamAppend(new StreamId("acme", "order-1"), ExpectedVersion.Any, [Event]),
            new StreamAppend(new StreamId("globex", "order-1"), ExpectedVersion.Any, [Event with { EventId = Guid.NewGuid() }])]));

        Assert.Contains("tenants 'acme' and 'globex'", spanning.Message, StringComparison.Ordinal);
        Assert.Equal(0, await tenants.StoresOf("acme").Events.CountAsync(new ReadAllOptions()));
        Assert.Equal(0, await tenants.StoresOf("globex").Events.CountAsync(new ReadAllOptions()));
        var global = Assert.Throws<InvalidOperationException>(() => store.ReadAllAsync(new ReadAllOptions()));
        Assert.Contains("StoresOf(tenant)", global.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.CountAsync(new ReadAllOptions()));
    }

    [Fact]
    public async Task AHandlerInATenantScope_SavesItsAggregateInThatTenantsStore()
    {
        await using var services = Orders();
        var whizbang = services.GetRequiredService<IWhizbang>();
        var tenants = services.GetRequiredService<TenantStoreCatalogue>();

        using (TenantScope.Begin("globex"))
        {
            await whizbang.Send(new OpenOrder("o-7", 70m));
        }

        var placed = Assert.Single(await tenants.StoresOf("globex").Events.ReadAsync("globex", "order-o-7"));
        Assert.Equal("globex", services.GetRequiredService<EventSerializer>().DeserializeEnvelope(placed)!.TenantId);
        Assert.Empty(await tenants.StoresOf("acme").Events.ReadAsync("acme", "order-o-7"));
    }

    [Fact]
    public void TheCatalogue_RefusesADuplicateOrInvalidTenant()
    {
        var tenants = new InMemoryTenantStores().Add("acme");

        Assert.Contains("already", Assert.Throws<ArgumentException>(() => tenants.Add("acme")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tenants.Add(""));
        Assert.Throws<ArgumentException>(() => tenants.Add(new string('t', TenantIds.MaxLength + 1)));
        Assert.Throws<ArgumentException>(() => tenants.Add("bad\u0000tenant"));
        Assert.Equal(["acme"], tenants.Tenants);
        Assert.Throws<ArgumentException>(() => tenants.StoresOf("bad\u0000tenant"));
    }

    [Fact]
    public async Task Projections_RunPerTenant_OverEachTenantsOwnEvents()
    {
        await using var services = Accounts();
        await services.AppendAccountAsync("acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 5));
        await services.AppendAccountAsync("globex", "a1", new AccountOpened("a1", "bob"));
        await services.AppendAccountAsync("globex", "a2", new AccountOpened("a2", "cy"), new Deposited("a2", 1), new Deposited("a2", 2));

        var manager = services.GetRequiredService<IProjectionManager>();
        await manager.CatchUpAsync();

        Assert.Equal((5m, "ada"), await SummaryAsync(services, "acme", "a1"));
        Assert.Equal((0m, "bob"), await SummaryAsync(services, "globex", "a1"));
        Assert.Equal((3m, "cy"), await SummaryAsync(services, "globex", "a2"));
        Assert.Null(await services.LoadAccountAsync("acme", "a2"));
        var statuses = await manager.GetStatusAsync();
        Assert.Equal(["acme", "globex"], statuses.Select(s => s.Tenant));
        Assert.All(statuses, s => Assert.Equal((0L, "account-summary", 1), (s.EventsBehind, s.Projection, s.Generation)));
        var tenants = services.GetRequiredService<TenantStoreCatalogue>();
        foreach (var tenant in new[] { "acme", "globex" })
        {
            // Each checkpoint is a position in the tenant's own log.
            var last = await tenants.StoresOf(tenant).Events.ReadAllAsync(new ReadAllOptions()).LastAsync();
            Assert.Equal(last.Position, statuses.Single(s => s.Tenant == tenant).Checkpoint);
        }
    }

    [Fact]
    public async Task TheManager_RebuildsPausesAndReportsEveryTenant()
    {
        await using var services = Accounts();
        await services.AppendAccountAsync("acme", "a1", new AccountOpened("a1", "ada"));
        await services.AppendAccountAsync("globex", "a1", new AccountOpened("a1", "bob"));
        var manager = services.GetRequiredService<IProjectionManager>();
        await manager.CatchUpAsync();

        Assert.Equal(2, await manager.RebuildAsync("account-summary"));
        await manager.PauseAsync("account-summary");
        Assert.All(await manager.GetStatusAsync(), s => Assert.Equal(ProjectionRunState.Paused, s.State));
        Assert.Equal(4, (await manager.GetStatusAsync()).Count); // live and building, in each tenant
        await manager.ResumeAsync("account-summary");
        await manager.CatchUpAsync();

        Assert.Equal(["acme", "globex"], (await manager.GetStatusAsync()).Select(s => (s.Tenant, s.Generation)).Where(s => s.Generation == 2).Select(s => s.Tenant!));
        Assert.Empty(await manager.GetFailuresAsync("account-summary"));
        Assert.Contains("no projection named 'nope'", (await Assert.ThrowsAsync<InvalidOperationException>(async () => await manager.RebuildAsync("nope"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlineProjections_UpdateTheTenantsOwnDocuments_InTheAppend()
    {
        await using var services = Accounts(inline: true);
        await services.GetRequiredService<IProjectionManager>().CatchUpAsync(); // each tenant's first generation goes live

        await services.AppendAccountAsync("acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 4));
        await services.AppendAccountAsync("globex", "a1", new AccountOpened("a1", "bob"));

        Assert.Equal((4m, "ada"), await SummaryAsync(services, "acme", "a1"));
        Assert.Equal((0m, "bob"), await SummaryAsync(services, "globex", "a1"));
    }

    [Fact]
    public async Task ATenantAddedWhileTheApplicationRuns_IsServedAtOnce_AndItsProjectionDaemonStarts()
    {
        await using var services = Accounts(pollInterval: TimeSpan.FromMilliseconds(10));
        await BackgroundWork.RunAsync(services, async () =>
        {
            await Assert.ThrowsAsync<UnknownTenantException>(() => services.AppendAccountAsync("initech", "a1", new AccountOpened("a1", "dee")));
            using (TenantScope.Begin("acme"))
            {
                services.GetRequiredService<InMemoryTenantStores>().Add("initech"); // from inside a request of another tenant
            }

            await services.AppendAccountAsync("initech", "a1", new AccountOpened("a1", "dee"), new Deposited("a1", 9));
            await services.AppendAccountAsync("acme", "a1", new AccountOpened("a1", "ada"));

            await Eventually.True(async () => await services.LoadAccountAsync("initech", "a1") is { Balance: 9m }, "initech's daemon built its account");
            await Eventually.True(async () => await services.LoadAccountAsync("acme", "a1") is not null, "acme's daemon built its account");
            Assert.Contains("initech", (await services.GetRequiredService<IProjectionManager>().GetStatusAsync()).Select(s => s.Tenant));
        });
    }

    private static ServiceProvider Orders()
        => TestServices.Build(b => b.UseEventSourcing(TestJsonContext.Default).UseInMemoryEventStorePerTenant(t => t.Add("acme").Add("globex")));

    private static ServiceProvider Accounts(bool inline = false, TimeSpan? pollInterval = null)
        => TestServices.Build(b => b.UseEventSourcing(AccountJsonContext.Default)
            .UseInMemoryEventStorePerTenant(t => t.Add("acme").Add("globex"))
            .ConfigureProjection("account-summary", o =>
            {
                o.Mode = inline ? ProjectionMode.Inline : ProjectionMode.Async;
                o.PollInterval = pollInterval ?? o.PollInterval;
            }));

    private static async Task<(decimal Balance, string Owner)> SummaryAsync(ServiceProvider services, string tenant, string account)
    {
        var summary = await services.LoadAccountAsync(tenant, account);
        Assert.NotNull(summary);
        return (summary.Balance, summary.Owner);
    }
}
