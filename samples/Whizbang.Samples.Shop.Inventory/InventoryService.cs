using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Hosting;

// This project is the Inventory service: the generator then knows that the other domains' commands in the shared
// contracts are handled elsewhere, and UseMessaging owns Inventory without being told.
[assembly: OwnsDomain("Inventory")]

namespace Whizbang.Samples.Shop.Inventory;

/// <summary>The Inventory service: owns the Inventory domain; answers Orders' reservations through Kafka.</summary>
public static class InventoryService
{
    public const string Name = "inventory";

    /// <summary>Builds the service's host: its handlers (registered by the generated <c>AddWhizbang</c>), relay and consumer.</summary>
    public static IHost Build(ShopServiceSettings settings)
    {
        var builder = ShopHost.CreateBuilder(Name);
        builder.Services.AddWhizbang(whizbang => whizbang.UseShopService(Name, settings));
        return builder.Build();
    }
}
