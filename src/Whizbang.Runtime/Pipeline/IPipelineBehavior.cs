namespace Whizbang.Pipeline;

/// <summary>
/// Runs around every dispatch, before the handlers: validation, authorization, idempotence, logging.
/// Behaviours run in the order they were added with <c>WhizbangBuilder.AddBehavior</c>; each decides
/// whether to call <c>next</c>. Behaviours are singletons; use <see cref="DispatchContext.Services"/>
/// for scoped services.
/// </summary>
public interface IPipelineBehavior
{
    /// <summary>Handles one dispatch. <typeparamref name="TResult"/> is <see cref="Messaging.Unit"/> for commands without a result and for events.</summary>
    ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message,
        DispatchContext context,
        PipelineNext<TMessage, TResult> next,
        CancellationToken cancellationToken)
        where TMessage : notnull;
}
