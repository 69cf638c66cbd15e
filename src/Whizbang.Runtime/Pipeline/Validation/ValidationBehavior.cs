using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.Pipeline.Validation;

/// <summary>
/// Runs every <see cref="IMessageValidator{TMessage}"/> registered for the message and throws
/// <see cref="MessageValidationException"/> with all failures before any handler runs.
/// </summary>
public sealed class ValidationBehavior : IPipelineBehavior
{
    /// <inheritdoc />
    public async ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message, DispatchContext context, PipelineNext<TMessage, TResult> next, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        ValidationFailures? failures = null;
        foreach (var validator in context.Services.GetServices<IMessageValidator<TMessage>>())
        {
            failures ??= new ValidationFailures();
            await validator.ValidateAsync(message, failures, cancellationToken).ConfigureAwait(false);
        }

        if (failures is { All.Count: > 0 })
        {
            throw new MessageValidationException(context.Route.MessageName, failures.All);
        }

        return await next.InvokeAsync(message, context, cancellationToken).ConfigureAwait(false);
    }
}
