using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route of a command without a result.</summary>
public abstract class CommandRoute : MessageRoute
{
    private protected CommandRoute(Type messageType, string messageName, string? owningDomain, HandlerDescriptor handler)
        : base(messageType, messageName, MessageKind.Command, owningDomain, [handler])
    {
    }

    /// <summary>
    /// Calls the handler with <paramref name="command"/> cast to the route's command type. The generated route
    /// overrides it with a one-line bridge to its typed <c>HandleAsync</c>, so the dispatcher's direct path
    /// makes a single virtual call.
    /// </summary>
    protected abstract ValueTask HandleMessageAsync(ICommand command, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The direct path: <see cref="HandleMessageAsync"/>, reachable from the dispatcher.</summary>
    internal ValueTask InvokeDirectAsync(ICommand command, IServiceProvider services, CancellationToken cancellationToken)
        => HandleMessageAsync(command, services, cancellationToken);

    /// <summary>The full path: scope, context, spans and behaviours around the handler.</summary>
    internal abstract ValueTask DispatchAsync(WhizbangDispatcher dispatcher, ICommand command, CancellationToken cancellationToken);
}
