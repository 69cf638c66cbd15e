using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore.Tests;

public sealed class TenantResolutionTests
{
    [Fact]
    public async Task Header_WithMatchingClaim_RunsTheRequestInThatTenant()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.GetTenantAsync(TestUsers.Alice, Tenants.Acme);

        Assert.Equal(200, reply.Status);
        Assert.Equal(Tenants.Acme, reply.Body);
    }

    [Fact]
    public async Task NoHeader_UsesThePrincipalsTenantClaim()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.GetTenantAsync(TestUsers.Alice);

        Assert.Equal(200, reply.Status);
        Assert.Equal(Tenants.Acme, reply.Body);
    }

    [Fact]
    public async Task Header_ChoosesAmongThePrincipalsTenants()
    {
        await using var host = await TenancyHost.StartAsync();

        Assert.Equal(Tenants.Globex, (await host.GetTenantAsync(TestUsers.Bob, Tenants.Globex)).Body);
        Assert.Equal(Tenants.Acme, (await host.GetTenantAsync(TestUsers.Bob, Tenants.Acme)).Body);
    }

    [Fact]
    public async Task SeveralTenantClaims_WithoutHeader_Is400_AskingForTheHeader()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.PlaceOrderAsync("1", TestUsers.Bob);

        Assert.Equal(400, reply.Status);
        var problem = reply.Problem();
        Assert.Equal("ambiguous_tenant", problem.GetProperty("reason").GetString());
        Assert.Contains("X-Tenant-Id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Probe.Orders);
    }

    [Fact]
    public async Task ForgedHeader_WithoutTheTenantsClaim_Is403_AndNothingOfThatTenantIsReadOrWritten()
    {
        await using var host = await TenancyHost.StartAsync();

        var forged = await host.PlaceOrderAsync("1", TestUsers.Alice, Tenants.Globex);

        Assert.Equal(403, forged.Status);
        var problem = forged.Problem();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal("tenant_not_held", problem.GetProperty("reason").GetString());
        Assert.Equal("Tenant not allowed", problem.GetProperty("title").GetString());
        Assert.Contains("'globex'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Probe.Orders);
        Assert.Empty(await host.AllEventsAsync());
        var warning = Assert.Single(host.Logs.Entries, e => e.EventId == 6001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Whizbang.AspNetCore.Tenancy", warning.Category);
        Assert.Contains("globex", warning.Message, StringComparison.Ordinal);
        Assert.Contains("alice", warning.Message, StringComparison.Ordinal);

        // The same user, in her own tenant, is served: the refusal was about the tenant, not the request.
        var own = await host.PlaceOrderAsync("2", TestUsers.Alice, Tenants.Acme);
        Assert.Equal(200, own.Status);
        var written = Assert.Single(await host.AllEventsAsync());
        Assert.Equal(new Whizbang.EventSourcing.StreamId(Tenants.Acme, "order-2"), written.Stream);
    }

    [Fact]
    public async Task Header_FromPrincipalWithoutAnyTenantClaim_Is403()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.PlaceOrderAsync("1", TestUsers.Carol, Tenants.Globex);

        Assert.Equal(403, reply.Status);
        Assert.Empty(host.Probe.Orders);
    }

    [Fact]
    public async Task Header_WithoutAuthentication_Is401_AndRunsNoHandler()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.PlaceOrderAsync("1", user: null, Tenants.Acme);

        Assert.Equal(401, reply.Status);
        Assert.Equal("tenant_header_unauthenticated", reply.Problem().GetProperty("reason").GetString());
        Assert.Empty(host.Probe.Orders);
        Assert.Empty(await host.AllEventsAsync());
        Assert.Equal(LogLevel.Warning, Assert.Single(host.Logs.Entries, e => e.EventId == 6002).Level);
    }

    [Fact]
    public async Task TenantClaimOfAnUnauthenticatedIdentity_BacksNoHeader()
    {
        await using var host = await TenancyHost.StartAsync();

        Assert.Equal(401, (await host.PlaceOrderAsync("1", TestUsers.Ghost, Tenants.Acme)).Status);
        Assert.Equal(400, (await host.PlaceOrderAsync("2", TestUsers.Ghost)).Status);
        Assert.Empty(host.Probe.Orders);
    }

    [Fact]
    public async Task TrustHeaderWithoutClaim_BelievesAHeaderNoClaimContradicts()
    {
        await using var host = await TenancyHost.StartAsync(o => o.TrustHeaderWithoutClaim = true);

        Assert.Equal(Tenants.Acme, (await host.GetTenantAsync(user: null, Tenants.Acme)).Body);
        Assert.Equal(Tenants.Globex, (await host.GetTenantAsync(TestUsers.Carol, Tenants.Globex)).Body);

        // A principal whose claims name other tenants is not overruled by the header, trusted or not.
        Assert.Equal(403, (await host.GetTenantAsync(TestUsers.Alice, Tenants.Globex)).Status);
    }

    [Fact]
    public async Task ClaimBackedTenant_ThatReadsLikeSql_IsPassedThroughVerbatimAsData()
    {
        await using var host = await TenancyHost.StartAsync();

        var viaHeader = await host.GetTenantAsync(TestUsers.Dropper, Tenants.Hostile);
        var order = await host.PlaceOrderAsync("1", TestUsers.Dropper);

        Assert.Equal(200, viaHeader.Status);
        Assert.Equal(Tenants.Hostile, viaHeader.Body);
        Assert.Equal(200, order.Status);
        Assert.Equal(Tenants.Hostile, Assert.Single(host.Probe.Orders).Tenant);
        Assert.Equal(Tenants.Hostile, Assert.Single(await host.AllEventsAsync()).Stream.Tenant);
    }

    public static TheoryData<string, string> InvalidHeaders => new()
    {
        { new string('a', TenantIds.MaxLength + 1), "201 characters" },
        { "acme\r\nX-Injected: 1", "U+000D" },
        { "acme\0globex", "U+0000" },
        { "", "empty" },
        { "acme\uD800", "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(InvalidHeaders), DisableDiscoveryEnumeration = true)] // a lone surrogate would not survive serialization
    public async Task InvalidTenantHeader_Is400_NamingTheProblemWithoutEchoingTheValue(string header, string problemText)
    {
        await using var host = await TenancyHost.StartAsync(o => o.TrustHeaderWithoutClaim = true);

        var reply = await host.PlaceOrderAsync("1", TestUsers.Alice, header);

        Assert.Equal(400, reply.Status);
        var problem = reply.Problem();
        Assert.Equal("invalid_tenant_header", problem.GetProperty("reason").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(problemText, detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', detail);
        Assert.DoesNotContain('\0', detail);
        Assert.DoesNotContain('\uD800', detail);
        if (header.Length > 0)
        {
            Assert.DoesNotContain(header, detail, StringComparison.Ordinal);
        }

        var logged = Assert.Single(host.Logs.Entries, e => e.EventId == 6003);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.DoesNotContain('\r', logged.Message);
        Assert.DoesNotContain('\0', logged.Message);
        Assert.Empty(host.Probe.Orders);
        Assert.Empty(await host.AllEventsAsync());
    }

    [Fact]
    public async Task TwoDifferentHeaderValues_Are400()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.PlaceOrderAsync("1", TestUsers.Bob, Tenants.Acme, Tenants.Globex);

        Assert.Equal(400, reply.Status);
        Assert.Equal("conflicting_tenant_headers", reply.Problem().GetProperty("reason").GetString());
        Assert.Empty(host.Probe.Orders);
    }

    [Fact]
    public async Task TwoDifferentHeaderValues_SentByAnHttpClient_Are400()
    {
        await using var host = await TenancyHost.StartAsync();
        using var client = host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenant");
        request.Headers.Add(TestUsers.Header, TestUsers.Bob);
        request.Headers.Add("X-Tenant-Id", [Tenants.Acme, Tenants.Globex]);

        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RepeatedIdenticalHeaderValues_AreOneTenant()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.GetTenantAsync(TestUsers.Alice, Tenants.Acme, Tenants.Acme);

        Assert.Equal(200, reply.Status);
        Assert.Equal(Tenants.Acme, reply.Body);
    }

    [Fact]
    public async Task NoTenantAtAll_WithoutDefault_Is400()
    {
        await using var host = await TenancyHost.StartAsync();

        var anonymous = await host.PlaceOrderAsync("1");
        var noClaims = await host.PlaceOrderAsync("2", TestUsers.Carol);

        Assert.Equal(400, anonymous.Status);
        Assert.Equal("no_tenant", anonymous.Problem().GetProperty("reason").GetString());
        Assert.Equal(400, noClaims.Status);
        Assert.Empty(host.Probe.Orders);
    }

    [Fact]
    public async Task NoTenantAtAll_WithDefault_UsesTheDefault_ButAClaimStillWins()
    {
        await using var host = await TenancyHost.StartAsync(o => o.DefaultTenant = TenantIds.Default);

        Assert.Equal(TenantIds.Default, (await host.GetTenantAsync()).Body);
        Assert.Equal(TenantIds.Default, (await host.GetTenantAsync(TestUsers.Carol)).Body);
        Assert.Equal(Tenants.Acme, (await host.GetTenantAsync(TestUsers.Alice)).Body);
        Assert.Equal(401, (await host.GetTenantAsync(user: null, Tenants.Acme)).Status);
    }

    [Fact]
    public async Task InvalidTenantClaim_Is400_WithoutEchoingIt()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.GetTenantAsync(TestUsers.BadClaim);

        Assert.Equal(400, reply.Status);
        var problem = reply.Problem();
        Assert.Equal("invalid_tenant_claim", problem.GetProperty("reason").GetString());
        Assert.DoesNotContain('\0', problem.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Scope_IsOpenDuringTheRequest_AndGoneAfterIt()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.SendAsync("GET", "/scope", TestUsers.Alice);

        Assert.Equal("acme|alice", reply.Body);
        Assert.Equal(Tenants.Acme, host.CapturedScope?.TenantId);
        Assert.Null(TenantScope.Current);
        Assert.Null(TenantContext.CurrentTenant);
    }

    [Fact]
    public async Task Scope_IsClosedWhenTheEndpointThrows_AndTheNextRequestGetsItsOwnTenant()
    {
        await using var host = await TenancyHost.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.SendAsync("GET", "/fail", TestUsers.Bob, Tenants.Acme));

        Assert.Null(TenantScope.Current);
        Assert.Equal(Tenants.Globex, (await host.GetTenantAsync(TestUsers.Bob, Tenants.Globex)).Body);
    }

    [Fact]
    public async Task Principal_ReachesTheHandlersDispatchContext_AndPassesTheAuthorizationStage()
    {
        await using var host = await TenancyHost.StartAsync();

        var reply = await host.PlaceOrderAsync("7", TestUsers.Alice, Tenants.Acme);

        Assert.Equal(200, reply.Status);
        var handled = Assert.Single(host.Probe.Orders);
        Assert.Equal(Tenants.Acme, handled.Tenant);
        Assert.Equal(TestUsers.Alice, handled.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.Equal(TestUsers.Alice, handled.UserId);
    }

    [Fact]
    public async Task TrustedHeader_WithoutAuthentication_CarriesNoPrincipal()
    {
        await using var host = await TenancyHost.StartAsync(o => o.TrustHeaderWithoutClaim = true);

        var reply = await host.SendAsync("GET", "/scope", TestUsers.Ghost, Tenants.Globex);

        Assert.Equal("globex|(no principal)", reply.Body);
    }

    [Fact]
    public async Task Refusal_GoesThroughTheApplicationsProblemDetailsService_WhenRegistered()
    {
        await using var host = await TenancyHost.StartAsync(services: s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customized"));

        var reply = await host.GetTenantAsync(TestUsers.Alice, Tenants.Globex);

        Assert.Equal(403, reply.Status);
        var problem = reply.Problem();
        Assert.Equal("customized", problem.GetProperty("app").GetString());
        Assert.Equal("tenant_not_held", problem.GetProperty("reason").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task HeaderName_AndClaimType_AreConfigurable()
    {
        await using var host = await TenancyHost.StartAsync(o =>
        {
            o.HeaderName = "X-Tenant-Id";
            o.TenantClaimType = "permission";
        });

        // Alice's only "permission" claim is orders.place: as a tenant claim it backs that header value and no other.
        Assert.Equal(Permissions.PlaceOrder, (await host.GetTenantAsync(TestUsers.Alice, Permissions.PlaceOrder)).Body);
        Assert.Equal(403, (await host.GetTenantAsync(TestUsers.Alice, Tenants.Acme)).Status);
    }
}
