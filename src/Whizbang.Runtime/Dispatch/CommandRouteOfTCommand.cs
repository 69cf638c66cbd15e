using System.Runtime.CompilerServices;
using Whizbang.Diagnostics;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>
/// The route of one command type without a result. The generator derives a sealed class per command and
/// overrides <see cref="HandleAsync"/> with a direct call to the handler.
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

    internal sealed override ValueTask SendAsync(WhizbangDispatcher dispatcher, ICommand command, CancellationToken cancellationToken)
    {
        // The route table found this route by command.GetType(), which is typeof(TCommand): no cast check needed.
        var typed = typeof(TCommand).IsValueType ? (TCommand)command : Unsafe.As<ICommand, TCommand>(ref command);
        return dispatcher.IsDirect(this)
            ? HandleAsync(typed, dispatcher.RootServices, cancellationToken)
            : ValueTasks.IgnoreResult(dispatcher.DispatchAsync(this, typed, this, cancellationToken));
    }

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
            DispatchActivities.RecordFailure(activity, this, exception);
            throw;
        }
    }
}
