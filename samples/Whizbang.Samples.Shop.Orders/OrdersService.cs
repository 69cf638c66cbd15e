using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.Samples.Shop.Hosting;

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
            .AddWhizbang(whizbang => whizbang.UseShopService(Name, "Orders", settings));
        return builder.Build();
    }
}
