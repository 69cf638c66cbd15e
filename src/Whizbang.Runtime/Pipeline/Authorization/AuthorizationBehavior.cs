using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Hosting;
using Whizbang.Messaging;

namespace Whizbang.Pipeline.Authorization;

/// <summary>
/// The authorization stage: before any handler of a command or query runs, the caller must hold every permission
/// the message declares with <see cref="RequiresPermissionAttribute"/> (as claims of
/// <see cref="Tenancy.TenancyOptions.PermissionClaimType"/> on <see cref="DispatchContext.Principal"/>), unless the message
/// is marked <see cref="PublicMessageAttribute"/>. A message that declares neither is refused: analyzer WHIZ103
/// reports it at compile time. A registered <see cref="IMessageAuthorizer"/> then gets the last word. A refused
/// message throws <see cref="MessageAuthorizationException"/>: no handler runs and nothing is appended.
/// </summary>
/// <remarks>
/// Events are facts that already happened; their handlers are not authorized. Nor are messages received from a
/// transport: the service that sent them authorized its caller, and access to the topics is the boundary between services.
/// </remarks>
public sealed class AuthorizationBehavior(WhizbangOptions options) : IPipelineBehavior
{
    /// <inheritdoc />
    public async ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message, DispatchContext context, PipelineNext<TMessage, TResult> next, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        if (context.Route.Kind != MessageKind.Event && !context.IsFromTransport)
        {
            var refusal = MissingPermission(context)
                ?? (context.Services.GetService<IMessageAuthorizer>() is { } authorizer
                    ? await authorizer.AuthorizeAsync(message, context, cancellationToken).ConfigureAwait(false)
                    : null);
            if (refusal is not null)
            {
                throw new MessageAuthorizationException(context.Route.MessageName, context.Envelope.UserId, refusal);
            }
        }

        return await next.InvokeAsync(message, context, cancellationToken).ConfigureAwait(false);
    }

    private string? MissingPermission(DispatchContext context)
    {
        var declared = context.Route.Descriptor;
        if (declared.IsPublic)
        {
            return null;
        }

        if (declared.RequiredPermissions.Count == 0)
        {
            return "the message declares neither [RequiresPermission] nor [PublicMessage], so nobody may send it";
        }

        var claimType = options.Tenancy.PermissionClaimType;
        foreach (var permission in declared.RequiredPermissions)
        {
            if (!Holds(context.Principal, claimType, permission))
            {
                return context.Principal is null
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
