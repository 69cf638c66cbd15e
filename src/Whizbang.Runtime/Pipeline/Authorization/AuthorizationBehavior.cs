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
/// transport: the sending service checked its caller against their declared permissions before writing them to its
/// outbox (a command sent to another domain or enqueued), and access to the topics is the boundary between services.
/// That check at the sender covers the declared permissions only; an <see cref="IMessageAuthorizer"/> sees the
/// messages that run in its own service.
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
        => DeclaredPermissions.Refusal(context.Route.Descriptor, context.Principal, options.Tenancy.PermissionClaimType);
}
