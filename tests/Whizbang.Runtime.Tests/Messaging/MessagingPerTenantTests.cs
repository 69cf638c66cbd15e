using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// Messaging with a database per tenant: a tenant's outbox and inbox sit beside its events, each tenant's outbox is
/// relayed, and a message of an unknown tenant becomes a dead letter in the catalogue's home instead of being lost.
/// </summary>
public sealed class MessagingPerTenantTests
{
    [Fact]
    public async Task MessagesSentInATenant_WaitInThatTenantsOutbox_AndTheRelayDeliversEveryTenants()
    {
        await using var shop = ShopHost.Shop(configure: PerTenant);
        var acmeOrder = Observations.NewKey("o");
        var globexOrder = Observations.NewKey("o");

        using (TenantScope.Begin("acme"))
        {
            await shop.Whizbang.Send(new PlaceShopOrder(acmeOrder, "sku-1", 1));
        }

        using (TenantScope.Begin("globex"))
        {
            await shop.Whizbang.Send(new PlaceShopOrder(globexOrder, "sku-2", 2));
        }

        var tenants = shop.Services.GetRequiredService<TenantStoreCatalogue>();
        Assert.Equal(2, (await tenants.StoresOf("acme").Messages.CountAsync()).Pending); // the reservation and the published event
        Assert.Equal(2, (await tenants.StoresOf("globex").Messages.CountAsync()).Pending);
        Assert.Equal(0, (await tenants.Home.Messages.CountAsync()).Pending);
        Assert.Equal(4, (await shop.Store.CountAsync()).Pending);

        var delivered = await shop.RelayAllAsync();

        Assert.Equal(["acme", "acme", "globex", "globex"], delivered.Select(m => m.TenantId).Order());
        Assert.Equal(globexOrder, ShopHost.PayloadOf<ReserveStock>(delivered.Single(m => m.TenantId == "globex" && m.Destination == "warehouse.commands")).OrderId);
        Assert.Equal(new OutboxCounts(0, 0, 4, 0, 0), await shop.Store.CountAsync());
    }

    [Fact]
    public async Task AReceivedMessage_IsHandledInItsTenantsStores_AndARedeliveryIsADuplicate()
    {
        await using var warehouse = ShopHost.Warehouse(configure: PerTenant);
        var orderId = Observations.NewKey("o");
        var incoming = warehouse.Incoming(new ReserveStock("sku-1", 1, orderId), tenant: "globex");

        Assert.Equal(IncomingOutcome.Handled, (await warehouse.Processor.ProcessAsync(incoming)).Outcome);
        Assert.Equal(IncomingOutcome.Duplicate, (await warehouse.Processor.ProcessAsync(incoming)).Outcome);

        var tenants = warehouse.Services.GetRequiredService<TenantStoreCatalogue>();
        Assert.Equal(1, (await tenants.StoresOf("globex").Messages.CountAsync()).InboxEntries);
        Assert.Equal(0, (await tenants.StoresOf("acme").Messages.CountAsync()).InboxEntries);
        Assert.Equal("globex", Assert.Single(Observations.Of(orderId)).Envelope.TenantId);
    }

    [Fact]
    public async Task AMessageOfAnUnknownTenant_BecomesADeadLetterInTheHome_SayingWhy()
    {
        await using var warehouse = ShopHost.Warehouse(configure: PerTenant);
        var orderId = Observations.NewKey("o");
        var incoming = warehouse.Incoming(new ReserveStock("sku-1", 1, orderId), tenant: "initech");

        var result = await warehouse.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.Contains("tenant 'initech' is not known to service 'warehouse'", result.Error, StringComparison.Ordinal);
        Assert.Empty(Observations.Of(orderId));
        var letter = Assert.Single(await warehouse.Services.GetRequiredService<TenantStoreCatalogue>().Home.Messages.GetDeadLettersAsync(10));
        Assert.Equal((incoming.Envelope.MessageId, "initech"), (letter.MessageId, letter.TenantId));
        Assert.True(letter.Payload.Span.SequenceEqual(incoming.Payload.Span)); // kept whole, to replay once the tenant exists
        Assert.Single(await warehouse.Store.GetDeadLettersAsync(10));
        Assert.Equal(1, (await warehouse.Store.CountAsync()).DeadLetters);
    }

    [Fact]
    public async Task EachTenantsRelay_RunsInTheBackground_IncludingATenantAddedAtRunTime()
    {
        await using var shop = ShopHost.Shop(configure: b =>
        {
            PerTenant(b);
            b.RunProjectionDaemon(false); // the test assembly's projections are not this service's
            b.Services.Replace(ServiceDescriptor.Singleton(TimeProvider.System)); // the hosted loops wait on real time
        });
        await BackgroundWork.RunAsync(shop.Services, async () =>
        {
            var acmeOrder = Observations.NewKey("o");
            var initechOrder = Observations.NewKey("o");
            using (TenantScope.Begin("acme"))
            {
                await shop.Whizbang.Send(new PlaceShopOrder(acmeOrder, "sku-1", 1));
            }

            shop.Services.GetRequiredService<InMemoryTenantStores>().Add("initech");
            using (TenantScope.Begin("initech"))
            {
                await shop.Whizbang.Send(new PlaceShopOrder(initechOrder, "sku-1", 1));
            }

            await Eventually.True(() => shop.Transport.Delivered.Count >= 4, "the relays of acme and initech sent their 4 messages");
            Assert.Equal(["acme", "acme", "initech", "initech"], shop.Transport.Delivered.Select(m => m.TenantId).Order());
        });
    }

    private static void PerTenant(WhizbangBuilder builder) => builder.UseInMemoryEventStorePerTenant(t => t.Add("acme").Add("globex"));
}
