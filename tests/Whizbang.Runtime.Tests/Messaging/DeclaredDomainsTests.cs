using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// A service whose project declares its domains (<c>[assembly: OwnsDomain]</c>, listed by the generated registry) owns
/// them under <c>UseMessaging</c> without an <c>Own</c> call; <c>Own</c> adds to them.
/// </summary>
public sealed class DeclaredDomainsTests
{
    [Fact]
    public async Task UseMessaging_WithoutOwn_OwnsTheDomainsItsRegistryDeclares()
    {
        await using var shop = ShopHost.Declaring(new DomainDeclaringRegistry("Shop"), "shop");
        var key = Observations.NewKey("close");
        var orderId = Observations.NewKey("o");

        await shop.Whizbang.Send(new CloseShop(key));
        await shop.Whizbang.Send(new ReserveStock("sku-1", 1, orderId));

        Assert.Equal(["Shop"], shop.Options.OwnedDomains);
        Assert.Single(Observations.Of(key)); // its own domain's command ran here
        Assert.Empty(Observations.Of(orderId)); // the warehouse's went to the outbox
        var row = Assert.Single(await shop.RelayAllAsync());
        Assert.Equal(("warehouse.commands", "ReserveStock"), (row.Destination, row.MessageName));
        var topics = shop.Services.GetRequiredService<MessageRouter>().SubscribedTopics;
        Assert.Contains("shop.commands", topics);
        Assert.DoesNotContain("warehouse.commands", topics);
    }

    [Fact]
    public async Task Own_AddsToTheDeclaredDomains()
    {
        await using var shop = ShopHost.Declaring(new DomainDeclaringRegistry("Shop"), "shop", m => m.Own("Warehouse", "Shop"));
        var orderId = Observations.NewKey("o");

        await shop.Whizbang.Send(new ReserveStock("sku-1", 1, orderId));

        Assert.Equal(["Shop", "Warehouse"], shop.Options.OwnedDomains.Order(StringComparer.Ordinal));
        Assert.Single(Observations.Of(orderId));
        Assert.Equal(0, (await shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task SeveralDeclaredDomains_AreAllOwned()
    {
        await using var host = ShopHost.Declaring(new DomainDeclaringRegistry("Shop", "Warehouse"), "shop-and-warehouse");

        Assert.Equal(["Shop", "Warehouse"], host.Options.OwnedDomains.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NeitherDeclaredNorOwned_RefusesToStart_SayingHowToDeclareADomain()
    {
        await using var host = ShopHost.Declaring(new DomainDeclaringRegistry(), "shop");

        var error = Assert.Throws<InvalidOperationException>(() => host.Options);

        Assert.Equal(
            "Messaging is misconfigured: the service owns no domain; declare the domains of its project with [assembly: OwnsDomain(\"Orders\")], " +
            "or call Own(\"Orders\", ...) in UseMessaging.",
            error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public async Task ARegistryDeclaringAnEmptyDomain_RefusesToStart(string? domain)
    {
        await using var host = ShopHost.Declaring(new DomainDeclaringRegistry("Shop", domain!), "shop");

        var error = Assert.Throws<InvalidOperationException>(() => host.Options);

        Assert.StartsWith("Messaging is misconfigured: the handler registry declares an empty owned domain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutMessaging_DeclaredDomainsChangeNothing_EveryCommandRunsInProcess()
    {
        var registry = new DomainDeclaringRegistry("Shop");
        await using var services = InProcess(registry);
        var orderId = Observations.NewKey("o");

        await services.GetRequiredService<IWhizbang>().Send(new ReserveStock("sku-1", 1, orderId));

        Assert.Single(Observations.Of(orderId));
        Assert.Null(services.GetService<MessagingOptions>());
    }

    [Fact]
    public void GeneratedRegistry_OfAProjectDeclaringNoDomain_DeclaresNone()
        => Assert.Empty(Whizbang.Generated.WhizbangRuntimeTestsHandlerRegistry.Instance.OwnedDomains);

    private static ServiceProvider InProcess(DomainDeclaringRegistry registry)
        => Hosting.WhizbangServiceCollectionExtensions.AddWhizbang(new ServiceCollection().AddSingleton<Probe>().AddScoped<ScopeMarker>(), registry)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
}
