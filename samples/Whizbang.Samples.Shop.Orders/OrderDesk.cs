using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Tenancy;

namespace Whizbang.Samples.Shop.Orders;

/// <summary>A clerk of tenant acme placing orders, as a web endpoint of the Orders service would on their behalf.</summary>
public static class OrderDesk
{
    public const string Tenant = "acme";

    /// <summary>Places <paramref name="orders"/> and waits until Inventory has answered each; returns their final status.</summary>
    public static async Task<IReadOnlyList<(PlaceOrder Order, OrderStatus Status)>> PlaceAsync(
        IHost service, IReadOnlyList<PlaceOrder> orders, TimeSpan timeout)
    {
        var whizbang = service.Services.GetRequiredService<IWhizbang>();
        var outcomes = service.Services.GetRequiredService<OrderOutcomes>();
        // Placing an order reserves its stock, so a clerk holds both permissions; the Orders service checks both
        // before the command leaves (Inventory trusts what arrives on its topic).
        using var clerk = TenantScope.Begin(Tenant, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "clerk-1"), new Claim("permission", "orders.place"), new Claim("permission", "inventory.reserve")],
            authenticationType: "sample")));
        foreach (var order in orders)
        {
            await whizbang.Send(order);
        }

        var settled = await Task.WhenAll(orders.Select(o => outcomes.WhenSettled(o.OrderId))).WaitAsync(timeout);
        return [.. orders.Zip(settled)];
    }
}
