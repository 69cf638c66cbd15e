using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

[OwnedBy("Orders"), RequiresPermission("orders.place")]
public sealed record OpenOrder(string OrderId, decimal Total) : ICommand;

[OwnedBy("Orders"), RequiresPermission("orders.place"), RequiresPermission("orders.approve")]
public sealed record OpenApprovedOrder(string OrderId) : ICommand;

/// <summary>Declares neither a permission nor [PublicMessage]: the authorization stage refuses it.</summary>
[OwnedBy("Orders")]
public sealed record UndeclaredCommand(string OrderId) : ICommand;

[OwnedBy("Orders"), PublicMessage]
public sealed record WhoIsCalling : IQuery<string>;

/// <summary>A tenant-scoped query that tries to read another tenant's order: refused at run time.</summary>
[OwnedBy("Orders"), PublicMessage]
public sealed record PeekOtherTenant(string Tenant, string OrderId) : IQuery<decimal?>;

/// <summary>The audited opt-in: an administration report over several tenants.</summary>
[OwnedBy("Reports"), RequiresPermission("reports.read"), CrossTenant("revenue report")]
public sealed record RevenueOfTenants(string[] Tenants) : IQuery<RevenueReport>;

public sealed record RevenueReport(decimal Total, string? RecordedReason);

[OwnedBy("Orders")]
public sealed record OrderOpened(string OrderId) : IEvent;

public sealed class OpenOrderHandler(IRepository<Order> orders, Probe probe) : ICommandHandler<OpenOrder>, ICommandHandler<OpenApprovedOrder>, ICommandHandler<UndeclaredCommand>
{
    public async ValueTask HandleAsync(OpenOrder command, CancellationToken cancellationToken)
    {
        var order = orders.Create(command.OrderId);
        order.Place(DispatchContext.Current!.Envelope.UserId ?? "anonymous", command.Total);
        await orders.SaveAsync(order, cancellationToken);
        probe.Write($"opened {command.OrderId} for {orders.Tenant}");
    }

    public ValueTask HandleAsync(OpenApprovedOrder command, CancellationToken cancellationToken) => HandleAsync(new OpenOrder(command.OrderId, 1m), cancellationToken);

    public ValueTask HandleAsync(UndeclaredCommand command, CancellationToken cancellationToken) => HandleAsync(new OpenOrder(command.OrderId, 1m), cancellationToken);
}

public sealed class WhoIsCallingHandler : IQueryHandler<WhoIsCalling, string>
{
    public ValueTask<string> HandleAsync(WhoIsCalling query, CancellationToken cancellationToken)
    {
        var context = DispatchContext.Current!;
        return ValueTask.FromResult($"{context.Envelope.TenantId}/{context.Envelope.UserId ?? "anonymous"}");
    }
}

public sealed class OrderOpenedHandler(Probe probe) : IEventHandler<OrderOpened>
{
    public ValueTask HandleAsync(OrderOpened @event, CancellationToken cancellationToken)
    {
        probe.Write($"noticed {@event.OrderId}");
        return ValueTask.CompletedTask;
    }
}

public sealed class PeekOtherTenantHandler(IRepository<Order> orders) : IQueryHandler<PeekOtherTenant, decimal?>
{
    public async ValueTask<decimal?> HandleAsync(PeekOtherTenant query, CancellationToken cancellationToken)
        => (await orders.ForTenant(query.Tenant).LoadAsync(query.OrderId, cancellationToken))?.Total;
}

public sealed class RevenueOfTenantsHandler(IRepository<Order> orders) : IQueryHandler<RevenueOfTenants, RevenueReport>
{
    public async ValueTask<RevenueReport> HandleAsync(RevenueOfTenants query, CancellationToken cancellationToken)
    {
        var total = 0m;
        foreach (var tenant in query.Tenants)
        {
            total += (await orders.ForTenant(tenant).LoadAsync("o-1", cancellationToken))?.Total ?? 0m;
        }

        return new RevenueReport(total, DispatchContext.Current!.Envelope.CrossTenantReason);
    }
}
