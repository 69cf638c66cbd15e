using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.Samples.Shop.Hosting;

namespace Whizbang.Samples.Shop.Inventory;

/// <summary>The Inventory service: owns the Inventory domain; answers Orders' reservations through Kafka.</summary>
public static class InventoryService
{
    public const string Name = "inventory";

    /// <summary>Builds the service's host: its handlers (registered by the generated <c>AddWhizbang</c>), relay and consumer.</summary>
    public static IHost Build(ShopServiceSettings settings)
    {
        var builder = ShopHost.CreateBuilder(Name);
        builder.Services.AddWhizbang(whizbang => whizbang.UseShopService(Name, "Inventory", settings));
        return builder.Build();
    }
}
