using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Pipeline.Authorization;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>The authorization stage checks what each message declares; a denied message runs no handler and appends nothing.</summary>
public sealed class AuthorizationStageTests
{
    private readonly InMemoryEventStore _store = new();

    [Fact]
    public async Task APrincipalHoldingThePermission_RunsTheHandler()
    {
        await using var services = Build();

        using (TenantScope.Begin("acme", Principals.User("ada", ["orders.place"])))
        {
            await services.GetRequiredService<IWhizbang>().Send(new OpenOrder("o-1", 10m));
        }

        Assert.Equal(["opened o-1 for acme"], services.GetRequiredService<Probe>().Log);
        Assert.Single(await _store.ReadAsync("acme", "order-o-1"));
    }

    [Fact]
    public async Task APrincipalMissingThePermission_IsRefused_NoHandlerRuns_NothingIsAppended()
    {
        await using var services = Build();

        using var scope = TenantScope.Begin("acme", Principals.User("bob", ["orders.read"]));
        var error = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new OpenOrder("o-1", 10m)));

        Assert.Equal(("OpenOrder", "bob"), (error.MessageName, error.UserId));
        Assert.Contains("'orders.place'", error.Reason, StringComparison.Ordinal);
        await AssertNothingHappenedAsync(services);
    }

    [Fact]
    public async Task EveryDeclaredPermissionIsRequired()
    {
        await using var services = Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        using (TenantScope.Begin("acme", Principals.User("bob", ["orders.place"])))
        {
            var error = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await whizbang.Send(new OpenApprovedOrder("o-1")));
            Assert.Contains("'orders.approve'", error.Reason, StringComparison.Ordinal);
        }

        using (TenantScope.Begin("acme", Principals.User("ada", ["orders.approve", "orders.place"])))
        {
            await whizbang.Send(new OpenApprovedOrder("o-2"));
        }

        Assert.Equal(["opened o-2 for acme"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task WithoutAPrincipal_ARestrictedMessageIsRefused_SayingSo()
    {
        await using var services = Build();

        var error = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new OpenOrder("o-1", 10m)));

        Assert.Null(error.UserId);
        Assert.Contains("no principal", error.Reason, StringComparison.Ordinal);
        await AssertNothingHappenedAsync(services);
    }

    [Fact]
    public async Task ClaimsOfAnUnauthenticatedIdentity_DoNotCount()
    {
        await using var services = Build();
        var forged = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("permission", "orders.place")]));

        using var scope = TenantScope.Begin("acme", forged);
        await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new OpenOrder("o-1", 10m)));

        await AssertNothingHappenedAsync(services);
    }

    [Fact]
    public async Task AMessageDeclaringNeither_IsRefusedEvenForAPowerfulPrincipal()
    {
        await using var services = Build();

        using var scope = TenantScope.Begin("acme", Principals.User("root", ["orders.place", "orders.approve", "reports.read"]));
        var error = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new UndeclaredCommand("o-1")));

        Assert.Contains("neither [RequiresPermission] nor [PublicMessage]", error.Reason, StringComparison.Ordinal);
        await AssertNothingHappenedAsync(services);
    }

    [Fact]
    public async Task APublicMessage_RunsForAnyone_AndEventsAreNotAuthorized()
    {
        await using var services = Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        Assert.Equal("default/anonymous", await whizbang.Query(new WhoIsCalling()));
        await whizbang.Publish(new OrderOpened("o-9"));

        Assert.Equal(["noticed o-9"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task ThePermissionClaimType_IsConfigurable()
    {
        await using var services = Build(t => t.PermissionClaimType = "scope");
        var whizbang = services.GetRequiredService<IWhizbang>();

        using (TenantScope.Begin("acme", Principals.User("bob", ["orders.place"])))
        {
            await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await whizbang.Send(new OpenOrder("o-1", 1m)));
        }

        using (TenantScope.Begin("acme", Principals.User("ada", ["orders.place"], claimType: "scope")))
        {
            await whizbang.Send(new OpenOrder("o-2", 1m));
        }

        Assert.Equal(["opened o-2 for acme"], services.GetRequiredService<Probe>().Log);
        Assert.Throws<ArgumentException>(() => new TenancyOptions().PermissionClaimType = " ");
    }

    private ServiceProvider Build(Action<TenancyOptions>? tenancy = null)
        => EventSourcingTestServices.Build(_store, b =>
        {
            b.UseAuthorization();
            if (tenancy is not null)
            {
                b.ConfigureTenancy(tenancy);
            }
        });

    private async Task AssertNothingHappenedAsync(ServiceProvider services)
    {
        Assert.Empty(services.GetRequiredService<Probe>().Log);
        Assert.Equal(0, await _store.CountAsync(new ReadAllOptions()));
    }
}
