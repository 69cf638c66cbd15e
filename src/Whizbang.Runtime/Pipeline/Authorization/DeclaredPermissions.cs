using System.Security.Claims;
using Whizbang.Dispatch;
using Whizbang.Messaging;

namespace Whizbang.Pipeline.Authorization;

/// <summary>
/// The check of a message's declared permissions (<see cref="RequiresPermissionAttribute"/>, <see cref="PublicMessageAttribute"/>)
/// against a principal, shared by the authorization stage and by the dispatcher for commands it writes to the outbox.
/// </summary>
internal static class DeclaredPermissions
{
    /// <summary>Why <paramref name="principal"/> may not send <paramref name="message"/>, or null when it may.</summary>
    public static string? Refusal(MessageDescriptor message, ClaimsPrincipal? principal, string claimType)
    {
        if (message.IsPublic)
        {
            return null;
        }

        if (message.RequiredPermissions.Count == 0)
        {
            return "the message declares neither [RequiresPermission] nor [PublicMessage], so nobody may send it";
        }

        foreach (var permission in message.RequiredPermissions)
        {
            if (!Holds(principal, claimType, permission))
            {
                return principal is null
                    ? $"it requires permission '{permission}' and no principal is known (open a TenantScope with the caller's principal)"
                    : $"it requires permission '{permission}', which the principal does not hold";
            }
        }

        return null;
    }

    /// <summary>Only an authenticated identity's claims count: anyone can put claims on an anonymous one.</summary>
    private static bool Holds(ClaimsPrincipal? principal, string claimType, string permission)
    {
        foreach (var identity in principal?.Identities ?? [])
        {
            if (identity.IsAuthenticated && identity.HasClaim(claimType, permission))
            {
                return true;
            }
        }

        return false;
    }
}
