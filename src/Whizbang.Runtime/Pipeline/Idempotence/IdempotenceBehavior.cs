using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Pipeline.Idempotence;

/// <summary>
/// Runs an <see cref="IIdempotentMessage"/> once per key. A duplicate of a message without a result
/// (a command or an event) is skipped silently; a duplicate of one with a result throws
/// <see cref="DuplicateMessageException"/>, since there is no result to return. A failed handler releases its key.
/// </summary>
public sealed class IdempotenceBehavior : IPipelineBehavior
{
    /// <inheritdoc />
    public async ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message, DispatchContext context, PipelineNext<TMessage, TResult> next, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        if (message is not IIdempotentMessage { IdempotencyKey: var key })
        {
            return await next.InvokeAsync(message, context, cancellationToken).ConfigureAwait(false);
        }

        var store = context.Services.GetRequiredService<IIdempotencyStore>();
        var name = context.Route.MessageName;
        if (!await store.TryBeginAsync(name, key, cancellationToken).ConfigureAwait(false))
        {
            return typeof(TResult) == typeof(Unit) ? default! : throw new DuplicateMessageException(name, key);
        }

        try
        {
            return await next.InvokeAsync(message, context, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.AbandonAsync(name, key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
