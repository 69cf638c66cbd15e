using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Hosting;

// This project is the Orders service: the generator then knows that the other domains' commands in the shared
// contracts are handled elsewhere, and UseMessaging owns Orders without being told.
[assembly: OwnsDomain("Orders")]

namespace Whizbang.Samples.Shop.Orders;

/// <summary>The Orders service: owns the Orders domain; asks Inventory for stock through Kafka.</summary>
public static class OrdersService
{
    public const string Name = "orders";

    /// <summary>Builds the service's host: its handlers (registered by the generated <c>AddWhizbang</c>), relay and consumer.</summary>
    public static IHost Build(ShopServiceSettings settings)
    {
        var builder = ShopHost.CreateBuilder(Name);
        builder.Services
            .AddSingleton<OrderOutcomes>()
            .AddWhizbang(whizbang => whizbang.UseShopService(Name, settings));
        return builder.Build();
    }
}
