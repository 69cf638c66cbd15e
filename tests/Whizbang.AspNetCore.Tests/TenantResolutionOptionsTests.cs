using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore.Tests;

public sealed class TenantResolutionOptionsTests
{
    [Fact]
    public void Defaults_AreTheSafeOnes()
    {
        var options = new TenantResolutionOptions();

        Assert.Equal("X-Tenant-Id", options.HeaderName);
        Assert.Equal("tenant", options.TenantClaimType);
        Assert.False(options.TrustHeaderWithoutClaim);
        Assert.Null(options.DefaultTenant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("X Tenant")]
    [InlineData("X-Tenant:")]
    [InlineData("X-Tenant\r\nX-Evil")]
    [InlineData(null)]
    public void HeaderName_ThatIsNoHttpToken_IsRefused(string? name)
    {
        var error = Assert.Throws<ArgumentException>(() => new TenantResolutionOptions { HeaderName = name! });

        Assert.DoesNotContain('\r', error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void TenantClaimType_Blank_IsRefused(string? claimType)
        => Assert.Throws<ArgumentException>(() => new TenantResolutionOptions { TenantClaimType = claimType! });

    [Fact]
    public void DefaultTenant_MustBeAValidTenantId_OrNull()
    {
        Assert.Throws<ArgumentException>(() => new TenantResolutionOptions { DefaultTenant = "" });
        Assert.Throws<ArgumentException>(() => new TenantResolutionOptions { DefaultTenant = new string('x', TenantIds.MaxLength + 1) });
        Assert.Null(new TenantResolutionOptions { DefaultTenant = null }.DefaultTenant);
        Assert.Equal("default", new TenantResolutionOptions { DefaultTenant = TenantIds.Default }.DefaultTenant);
    }

    [Fact]
    public void UseWhizbangTenancy_WithABadOption_FailsAtStartup()
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());

        Assert.Throws<ArgumentException>(() => app.UseWhizbangTenancy(o => o.HeaderName = "not a header"));
    }
}
