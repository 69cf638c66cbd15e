using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Whizbang.AspNetCore.Tests;

/// <summary>
/// The principals the test host signs in, chosen by the <c>X-Test-User</c> header (standing in for a validated token).
/// Runs where <c>UseAuthentication()</c> would.
/// </summary>
public static class TestUsers
{
    public const string Header = "X-Test-User";

    /// <summary>A member of acme.</summary>
    public const string Alice = "alice";

    /// <summary>A member of acme and globex.</summary>
    public const string Bob = "bob";

    /// <summary>Signed in, member of no tenant.</summary>
    public const string Carol = "carol";

    /// <summary>A member of the tenant whose id reads like SQL.</summary>
    public const string Dropper = "dropper";

    /// <summary>An unauthenticated identity that carries a tenant claim for acme and the permission: it must count for nothing.</summary>
    public const string Ghost = "ghost";

    /// <summary>Signed in with a tenant claim that is no valid tenant id.</summary>
    public const string BadClaim = "badclaim";

    public static ClaimsPrincipal? For(string? name) => name switch
    {
        Alice => Authenticated(Alice, Tenants.Acme),
        Bob => Authenticated(Bob, Tenants.Acme, Tenants.Globex),
        Carol => Authenticated(Carol),
        Dropper => Authenticated(Dropper, Tenants.Hostile),
        BadClaim => Authenticated(BadClaim, "a\u0000b"),
        Ghost => new ClaimsPrincipal(new ClaimsIdentity(Claims(Ghost, Tenants.Acme))),
        _ => null,
    };

    /// <summary>Signs the request in as the user its <see cref="Header"/> names; without it, the request stays anonymous.</summary>
    public static Task SignInAsync(HttpContext context, RequestDelegate next)
    {
        if (For(context.Request.Headers[Header]) is { } principal)
        {
            context.User = principal;
        }

        return next(context);
    }

    private static ClaimsPrincipal Authenticated(string name, params string[] tenants)
        => new(new ClaimsIdentity(Claims(name, tenants), authenticationType: "Test"));

    private static List<Claim> Claims(string name, params string[] tenants)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, name), new("permission", Permissions.PlaceOrder)];
        claims.AddRange(tenants.Select(t => new Claim("tenant", t)));
        return claims;
    }
}
