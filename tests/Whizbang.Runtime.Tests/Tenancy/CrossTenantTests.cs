using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>A principal of tenant A addressing tenant B's data, by every path: each is refused and touches nothing.</summary>
public sealed class CrossTenantTests
{
    private static readonly EventData Event = new(Guid.NewGuid(), "orders.order-placed", """{"orderId":"o-1","customer":"x","total":1}"""u8.ToArray(), "{}"u8.ToArray());

    [Fact]
    public async Task AHandlerOfTenantA_ReadingTenantBsAggregate_IsRefused()
    {
        await using var services = await SeededAsync();
        var whizbang = services.GetRequiredService<IWhizbang>();

        using var acme = TenantScope.Begin("acme");
        var error = await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await whizbang.Query(new PeekOtherTenant("globex", "o-1")));

        Assert.Equal(("acme", "globex"), (error.CurrentTenant, error.RequestedTenant));
        Assert.Contains("CrossTenantAccess.Begin", error.Message, StringComparison.Ordinal);
        Assert.Equal(10m, await whizbang.Query(new PeekOtherTenant("acme", "o-1"))); // its own tenant, by the same API
    }

    [Fact]
    public async Task TheRawEventStore_UnderTenantA_RefusesTenantBsStreamsAndTheGlobalLog_AndWritesNothing()
    {
        await using var services = await SeededAsync();
        var store = services.GetRequiredService<IEventStore>();
        var globex = new StreamId("globex", "order-o-1");

        using (TenantScope.Begin("acme"))
        {
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.AppendAsync(globex, ExpectedVersion.Any, [Event]));
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.AppendAsync([new StreamAppend(new StreamId("acme", "x"), ExpectedVersion.Any, [Event]), new StreamAppend(globex, ExpectedVersion.Any, [Event])]));
            Assert.Throws<CrossTenantAccessException>(() => store.ReadStreamAsync(globex));
            Assert.Throws<CrossTenantAccessException>(() => store.ReadAllAsync(new ReadAllOptions()));
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.CountAsync(new ReadAllOptions()));
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.GetStreamVersionAsync(globex));
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.CountStreamsAsync("globex"));
            await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.DeleteStreamAsync(globex, ExpectedVersion.Any));
            Assert.Equal(1, await store.GetStreamVersionAsync(new StreamId("acme", "order-o-1")));
        }

        Assert.Equal(1, await store.GetStreamVersionAsync(globex)); // untouched
        Assert.Null(await store.GetStreamVersionAsync(new StreamId("acme", "x"))); // the refused multi-stream append wrote no part
    }

    [Fact]
    public async Task AGrant_AllowsTheCrossing_RecordsItsReasonInTheEnvelope_AndCountsIt()
    {
        await using var services = await SeededAsync();
        var store = services.GetRequiredService<IEventStore>();
        var reason = $"migration {Guid.NewGuid():N}";
        long crossings = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "whizbang.tenancy.cross_tenant_accesses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Value as string == reason)
                {
                    Interlocked.Add(ref crossings, value);
                }
            }
        });
        listener.Start();

        await using var scope = services.CreateAsyncScope();
        using (TenantScope.Begin("acme"))
        using (CrossTenantAccess.Begin(reason))
        {
            var globexOrders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().ForTenant("globex");
            var order = (await globexOrders.LoadAsync("o-1"))!;
            order.Ship();
            await globexOrders.SaveAsync(order);
        }

        var shipped = (await store.ReadAsync("globex", "order-o-1"))[^1];
        var envelope = services.GetRequiredService<EventSerializer>().DeserializeEnvelope(shipped)!;
        Assert.Equal(("globex", reason), (envelope.TenantId, envelope.CrossTenantReason));
        Assert.True(Interlocked.Read(ref crossings) >= 2, $"expected the load and the save to be counted, got {crossings}");
        Assert.Null(CrossTenantAccess.Current);
    }

    [Fact]
    public async Task ACrossTenantMessage_RunsInsideItsGrant_AndOnlyForItsOwnDispatch()
    {
        await using var services = await SeededAsync(b => b.UseAuthorization());
        var whizbang = services.GetRequiredService<IWhizbang>();

        using var acme = TenantScope.Begin("acme", Principals.User("auditor", ["reports.read"]));
        var report = await whizbang.Query(new RevenueOfTenants(["acme", "globex"]));

        Assert.Equal(new RevenueReport(30m, "revenue report"), report);
        Assert.Null(CrossTenantAccess.Current);
        await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await whizbang.Query(new PeekOtherTenant("globex", "o-1")));
    }

    [Fact]
    public async Task AGrant_LetsTenantCodeReadTheGlobalLog_ForItsDurationOnly()
    {
        await using var services = await SeededAsync();

        using var acme = TenantScope.Begin("acme");
        using (CrossTenantAccess.Begin("read back"))
        {
            Assert.Equal(2, await services.GetRequiredService<IEventStore>().CountAsync(new ReadAllOptions()));
        }

        await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await services.GetRequiredService<IEventStore>().CountAsync(new ReadAllOptions()));
    }

    [Fact]
    public void CodeOutsideAnyTenant_IsNotConfined_AndOpensNoCrossing()
    {
        Assert.Null(TenantContext.CurrentTenant);
        Assert.Null(TenantContext.IsolatedTenant);
        TenantContext.EnsureAccess("anyone", "read");
        TenantContext.EnsureAllTenantsAccess("read everything");

        using var acme = TenantScope.Begin("acme");
        Assert.Equal("acme", TenantContext.IsolatedTenant);
        Assert.Throws<CrossTenantAccessException>(() => TenantContext.EnsureAllTenantsAccess("read everything"));
        using (CrossTenantAccess.Begin("report"))
        {
            Assert.Null(TenantContext.IsolatedTenant);
        }

        Assert.Throws<ArgumentException>(() => CrossTenantAccess.Begin(" "));
    }

    [Fact]
    public async Task ATenantNamedLikeTheAllTenantsMarker_GetsNoAccessToEveryTenant()
    {
        await using var services = await SeededAsync();

        using var star = TenantScope.Begin("*");
        Assert.Throws<CrossTenantAccessException>(() => services.GetRequiredService<IEventStore>().ReadAllAsync(new ReadAllOptions()));
    }

    /// <summary>Order o-1 for acme (total 10) and for globex (total 20).</summary>
    private static async Task<ServiceProvider> SeededAsync(Action<Hosting.WhizbangBuilder>? configure = null)
    {
        var services = EventSourcingTestServices.Build(new InMemoryEventStore(), configure);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        foreach (var (tenant, total) in new[] { ("acme", 10m), ("globex", 20m) })
        {
            var repository = orders.ForTenant(tenant);
            var order = repository.Create("o-1");
            order.Place("ada", total);
            await repository.SaveAsync(order);
        }

        return services;
    }
}
