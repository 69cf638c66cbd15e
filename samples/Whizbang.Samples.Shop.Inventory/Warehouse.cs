using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Tenancy;

namespace Whizbang.Samples.Shop.Inventory;

/// <summary>A warehouse worker of a tenant restocking shelves, as a back-office screen of the Inventory service would.</summary>
public static class Warehouse
{
    public static async Task RestockAsync(IHost service, string tenant, IReadOnlyList<Restock> deliveries)
    {
        var whizbang = service.Services.GetRequiredService<IWhizbang>();
        using var worker = TenantScope.Begin(tenant, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "warehouse-1"), new Claim("permission", "inventory.restock")], authenticationType: "sample")));
        foreach (var delivery in deliveries)
        {
            await whizbang.Send(delivery);
        }
    }
}
