using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Whizbang.EventSourcing;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore.Tests;

/// <summary>With a database per tenant, a request for a tenant that has none is refused before any handler runs.</summary>
public sealed class UnknownTenantTests
{
    [Fact]
    public async Task ATenantWithoutADatabase_Is404_AndRunsNoHandler_WhileAKnownOneWritesInItsOwnStore()
    {
        await using var host = await TenancyHost.StartAsync(services: s => s.AddWhizbang(b => b.UseInMemoryEventStorePerTenant(t => t.Add(Tenants.Acme))));

        var refused = await host.PlaceOrderAsync("1", TestUsers.Bob, Tenants.Globex); // Bob belongs to both; only acme has a database
        var placed = await host.PlaceOrderAsync("2", TestUsers.Bob, Tenants.Acme);

        Assert.Equal(404, refused.Status);
        var problem = refused.Problem();
        Assert.Equal("unknown_tenant", problem.GetProperty("reason").GetString());
        Assert.Contains("'globex' is not known here: it has no database of its own", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(host.Logs.Entries, e => e.EventId == 6008 && e.Level == LogLevel.Warning);
        Assert.Equal((200, "acme"), (placed.Status, placed.Body.Trim('"')));
        Assert.Equal(["2"], host.Probe.Orders.Select(o => o.Item));
        var tenants = host.Services.GetRequiredService<TenantStoreCatalogue>();
        Assert.Equal(1, await tenants.StoresOf(Tenants.Acme).Events.GetStreamVersionAsync(new StreamId(Tenants.Acme, "order-2")));
    }

    [Fact]
    public async Task ATenantAddedWhileTheApplicationRuns_IsServedAtOnce()
    {
        await using var host = await TenancyHost.StartAsync(services: s => s.AddWhizbang(b => b.UseInMemoryEventStorePerTenant(t => t.Add(Tenants.Acme))));
        Assert.Equal(404, (await host.GetTenantAsync(TestUsers.Bob, Tenants.Globex)).Status);

        host.Services.GetRequiredService<InMemoryTenantStores>().Add(Tenants.Globex);

        Assert.Equal((200, Tenants.Globex), ((await host.GetTenantAsync(TestUsers.Bob, Tenants.Globex)).Status, (await host.GetTenantAsync(TestUsers.Bob, Tenants.Globex)).Body));
    }
}
