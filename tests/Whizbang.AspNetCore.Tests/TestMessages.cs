using System.Security.Claims;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.AspNetCore.Tests;

/// <summary>Places an order in the caller's tenant: the handler appends to the tenant's stream, so a refused request would show as a write.</summary>
[OwnedBy("Orders"), RequiresPermission(Permissions.PlaceOrder)]
public sealed record PlaceOrder(string Item) : ICommand<string>;

public static class Permissions
{
    public const string PlaceOrder = "orders.place";
}

/// <summary>What handlers saw.</summary>
public sealed class Probe
{
    private readonly List<HandledOrder> _orders = [];

    public IReadOnlyList<HandledOrder> Orders
    {
        get
        {
            lock (_orders)
            {
                return [.. _orders];
            }
        }
    }

    public void Write(HandledOrder order)
    {
        lock (_orders)
        {
            _orders.Add(order);
        }
    }
}

/// <summary>One run of <see cref="PlaceOrderHandler"/>: the tenant and principal its dispatch carried.</summary>
public sealed record HandledOrder(string Item, string Tenant, ClaimsPrincipal? Principal, string? UserId);

public sealed class PlaceOrderHandler(Probe probe, IEventStore store) : ICommandHandler<PlaceOrder, string>
{
    public async ValueTask<string> HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        var dispatch = DispatchContext.Current ?? throw new InvalidOperationException("A handler runs inside a dispatch.");
        var tenant = dispatch.Envelope.TenantId;
        probe.Write(new HandledOrder(command.Item, tenant, dispatch.Principal, dispatch.Envelope.UserId));
        await store.AppendAsync(
            new StreamId(tenant, "order-" + command.Item),
            ExpectedVersion.Any,
            [new EventData(Guid.CreateVersion7(), "order.placed", "{}"u8.ToArray(), ReadOnlyMemory<byte>.Empty)],
            cancellationToken);
        return tenant;
    }
}

/// <summary>The tenant ids the tests use.</summary>
public static class Tenants
{
    public const string Acme = "acme";
    public const string Globex = "globex";
    public const string Hostile = "'; DROP TABLE streams; --";
}
