using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline.Authorization;
using Whizbang.Runtime.Tests.Messaging;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>
/// A command leaving through the outbox is authorized by the service that sends it, against its caller: the owning
/// service does not authorize what arrives from the transport, so without this check [RequiresPermission] on a
/// command of another domain, or on an enqueued one, would never be enforced.
/// </summary>
public sealed class OutgoingAuthorizationTests
{
    [Fact]
    public async Task ACommandOfAnotherDomain_WithoutThePermission_IsRefusedAndNothingIsWritten()
    {
        await using var warehouse = ShopHost.Warehouse(configure: b => b.UseAuthorization());

        using (TenantScope.Begin("acme", User("clerk", "warehouse.reserve")))
        {
            var refused = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await warehouse.Whizbang.Send(new CloseShop(Observations.NewKey("close"))));
            Assert.Contains("'shop.close'", refused.Message, StringComparison.Ordinal);
            Assert.Equal("clerk", refused.UserId);
        }

        await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await warehouse.Whizbang.Send(new CloseShop(Observations.NewKey("close"))));
        Assert.Equal(0, (await warehouse.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task ACommandOfAnotherDomain_WithThePermission_IsWrittenToTheOutbox()
    {
        await using var warehouse = ShopHost.Warehouse(configure: b => b.UseAuthorization());

        using (TenantScope.Begin("acme", User("manager", "shop.close")))
        {
            await warehouse.Whizbang.Send(new CloseShop(Observations.NewKey("close")));
        }

        Assert.Equal(1, (await warehouse.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task AnEnqueuedCommand_IsAuthorizedWhenEnqueued_NotWhenItRunsFromTheTransport()
    {
        await using var shop = ShopHost.Shop(configure: b => b.UseAuthorization());

        using (TenantScope.Begin("acme", User("clerk")))
        {
            await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await shop.Whizbang.Enqueue(new CloseShop(Observations.NewKey("close"))));
        }

        using (TenantScope.Begin("acme", User("manager", "shop.close")))
        {
            await shop.Whizbang.Enqueue(new CloseShop(Observations.NewKey("close")));
        }

        Assert.Equal(1, (await shop.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task WithoutTheAuthorizationStage_NothingIsChecked()
    {
        await using var warehouse = ShopHost.Warehouse();

        await warehouse.Whizbang.Send(new CloseShop(Observations.NewKey("close")));

        Assert.Equal(1, (await warehouse.Store.CountAsync()).Pending);
    }

    [Fact]
    public async Task AHandlerOfATransportMessage_SendsOnItsServicesAuthority()
    {
        await using var warehouse = ShopHost.Warehouse(configure: b => b.UseAuthorization().UseEventSourcing(AuditJson.Default));
        var key = Observations.NewKey("audit");
        var audit = new IncomingMessage(
            "warehouse.commands/0@1",
            JsonSerializer.SerializeToUtf8Bytes(new AuditWarehouse(key), AuditJson.Default.AuditWarehouse),
            ShopHost.NewEnvelope(warehouse.NameOf<AuditWarehouse>()));

        var result = await warehouse.Processor.ProcessAsync(audit);

        Assert.Equal(IncomingOutcome.Handled, result.Outcome);
        var sent = Assert.Single(await warehouse.RelayAllAsync());
        Assert.Equal(key, ShopHost.PayloadOf<CloseShop>(sent).Key);
    }

    private static ClaimsPrincipal User(string id, params string[] permissions)
        => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), .. permissions.Select(p => new Claim("permission", p))], authenticationType: "test"));
}

/// <summary>A warehouse command whose handler closes the shop: a command of another domain, sent from a received message.</summary>
[OwnedBy("Warehouse"), RequiresPermission("warehouse.audit")] public sealed record AuditWarehouse(string Key) : ICommand;

public sealed class AuditWarehouseHandler(IWhizbang whizbang) : ICommandHandler<AuditWarehouse>
{
    public ValueTask HandleAsync(AuditWarehouse command, CancellationToken cancellationToken) => whizbang.Send(new CloseShop(command.Key), cancellationToken);
}

[JsonSerializable(typeof(AuditWarehouse))]
internal sealed partial class AuditJson : JsonSerializerContext;
