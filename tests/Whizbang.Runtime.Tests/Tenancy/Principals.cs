using System.Security.Claims;

namespace Whizbang.Runtime.Tests.Tenancy;

internal static class Principals
{
    /// <summary>An authenticated user holding <paramref name="permissions"/> as claims of <paramref name="claimType"/>.</summary>
    public static ClaimsPrincipal User(string id, string[] permissions, string claimType = "permission")
        => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), .. permissions.Select(p => new Claim(claimType, p))],
            authenticationType: "test"));
}
