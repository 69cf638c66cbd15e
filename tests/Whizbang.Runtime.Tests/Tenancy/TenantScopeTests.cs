using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

public sealed class TenantScopeTests
{
    [Fact]
    public void Begin_SetsTheCurrentTenant_AndDisposeRestoresTheEnclosingOne()
    {
        Assert.Null(TenantContext.CurrentTenant);
        using (var outer = TenantScope.Begin("acme"))
        {
            Assert.Same(outer, TenantScope.Current);
            using (CrossTenantAccess.Begin("support session"))
            using (TenantScope.Begin("globex"))
            {
                Assert.Equal("globex", TenantContext.CurrentTenant);
            }

            Assert.Equal("acme", TenantContext.CurrentTenant);
            outer.Dispose(); // twice is harmless
        }

        Assert.Null(TenantScope.Current);
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("   ")]
    [InlineData("nul\0")]
    [InlineData("lone-high")]
    [InlineData("lone-low")]
    public void Begin_WithAnInvalidTenant_IsRefused(string tenant)
    {
        // Lone surrogates are built here: xunit would mangle them in InlineData.
        tenant = tenant switch { "lone-high" => "a" + (char)0xD800 + "b", "lone-low" => "a" + (char)0xDC00, _ => tenant };

        var error = Assert.Throws<ArgumentException>(() => TenantScope.Begin(tenant));

        Assert.Equal("tenantId", error.ParamName);
        Assert.Null(TenantScope.Current);
    }

    [Fact]
    public void Begin_WithAnOverlongTenant_IsRefused_AndAValidSurrogatePairIsAccepted()
    {
        Assert.Throws<ArgumentException>(() => TenantScope.Begin(new string('t', TenantIds.MaxLength + 1)));
        Assert.Throws<ArgumentNullException>(() => TenantScope.Begin(null!));

        using var scope = TenantScope.Begin("tenant-\U0001F600-日本");
        Assert.Equal("tenant-\U0001F600-日本", TenantContext.CurrentTenant);
    }

    [Fact]
    public void Begin_ForAnotherTenant_InsideATenant_IsACrossTenantAccess()
    {
        using var acme = TenantScope.Begin("acme");

        var error = Assert.Throws<CrossTenantAccessException>(() => TenantScope.Begin("globex"));

        Assert.Equal(("acme", "globex"), (error.CurrentTenant, error.RequestedTenant));
        Assert.Equal("acme", TenantContext.CurrentTenant);
        using var same = TenantScope.Begin("acme"); // re-entering one's own tenant is no crossing
    }

    [Fact]
    public async Task Dispatch_TakesTheTenantAndPrincipalOfTheScope_IntoItsEnvelopeAndAppendedEvents()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        var whizbang = services.GetRequiredService<IWhizbang>();

        Assert.Equal("default/anonymous", await whizbang.Query(new WhoIsCalling()));
        using (TenantScope.Begin("acme", Principals.User("ada", [])))
        {
            Assert.Equal("acme/ada", await whizbang.Query(new WhoIsCalling()));
            await whizbang.Send(new OpenOrder("o-1", 10m));
        }

        var stored = Assert.Single(await store.ReadAsync("acme", "order-o-1"));
        var envelope = services.GetRequiredService<EventSerializer>().DeserializeEnvelope(stored)!;
        Assert.Equal(("acme", "ada", null), (envelope.TenantId, envelope.UserId, envelope.CrossTenantReason));
        Assert.Empty(await store.ReadAsync(StreamId.DefaultTenant, "order-o-1"));
    }

    [Fact]
    public async Task RepositoriesAndProjectionWork_OutsideADispatch_UseTheScopesTenant()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();

        using (TenantScope.Begin("acme"))
        {
            Assert.Equal("acme", orders.Tenant);
            var order = orders.Create("o-1");
            order.Place("ada", 5m);
            await orders.SaveAsync(order);
        }

        Assert.Equal(StreamId.DefaultTenant, orders.Tenant);
        Assert.Single(await store.ReadAsync("acme", "order-o-1"));
    }
}
