using Whizbang.Diagnostics;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>
/// The route of one command type without a result. The generator derives a sealed class per command and
/// overrides <see cref="HandleAsync"/> with a direct call to the handler (and
/// <see cref="CommandRoute.HandleMessageAsync"/> with a bridge to it).
/// </summary>
public abstract class CommandRoute<TCommand> : CommandRoute, IRouteTerminal<TCommand, Unit>
    where TCommand : ICommand
{
    /// <summary>Describes the route; called by generated code.</summary>
    protected CommandRoute(string messageName, string? owningDomain, HandlerDescriptor handler)
        : base(typeof(TCommand), messageName, owningDomain, handler)
    {
    }

    /// <summary>Calls the handler. <paramref name="services"/> is the dispatch's scope.</summary>
    protected abstract ValueTask HandleAsync(TCommand command, IServiceProvider services, CancellationToken cancellationToken);

    internal sealed override ValueTask DispatchAsync(WhizbangDispatcher dispatcher, ICommand command, CancellationToken cancellationToken)
        => ValueTasks.IgnoreResult(dispatcher.DispatchAsync(this, (TCommand)command, this, cancellationToken));

    async ValueTask<Unit> IRouteTerminal<TCommand, Unit>.InvokeHandlersAsync(TCommand message, DispatchContext context, CancellationToken cancellationToken)
    {
        using var activity = DispatchActivities.StartProcess(this, 0, context);
        try
        {
            await HandleAsync(message, context.Services, cancellationToken).ConfigureAwait(false);
            return Unit.Value;
        }
        catch (Exception exception)
        {
            DispatchActivities.RecordFailure(activity, exception);
            throw;
        }
    }
}
