using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.Pipeline.Authorization;

/// <summary>
/// Asks the registered <see cref="IMessageAuthorizer"/> (resolved from the dispatch's scope) and throws
/// <see cref="MessageAuthorizationException"/> before any handler runs when it refuses. Without an
/// authorizer registered every dispatch is refused: adding this behaviour means authorization is required.
/// </summary>
public sealed class AuthorizationBehavior : IPipelineBehavior
{
    /// <inheritdoc />
    public async ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message, DispatchContext context, PipelineNext<TMessage, TResult> next, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        var authorizer = context.Services.GetService<IMessageAuthorizer>();
        var refusal = authorizer is null
            ? "no IMessageAuthorizer is registered, so nothing may be dispatched"
            : await authorizer.AuthorizeAsync(message, context, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            throw new MessageAuthorizationException(context.Route.MessageName, context.Envelope.UserId, refusal);
        }

        return await next.InvokeAsync(message, context, cancellationToken).ConfigureAwait(false);
    }
}
