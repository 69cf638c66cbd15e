using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route of an event type to its handlers.</summary>
public abstract class EventRoute : MessageRoute
{
    private protected EventRoute(Type messageType, string messageName, string? owningDomain, HandlerDescriptor[] handlers)
        : base(messageType, messageName, MessageKind.Event, owningDomain, handlers)
    {
    }

    /// <summary>
    /// Runs the handlers of <paramref name="event"/>, cast to the route's event type. The generated route overrides it with
    /// a one-line bridge to <c>PublishToHandlersAsync</c>: the cast to its own sealed type is one comparison, and the
    /// dispatcher's direct path makes a single virtual call.
    /// </summary>
    protected abstract ValueTask PublishMessageAsync(IEvent @event, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The direct path: <see cref="PublishMessageAsync"/>, reachable from the dispatcher.</summary>
    internal ValueTask PublishDirectAsync(IEvent @event, IServiceProvider services, CancellationToken cancellationToken)
        => PublishMessageAsync(@event, services, cancellationToken);

    /// <summary>The full path: scope, context, spans and behaviours around the handlers.</summary>
    internal abstract ValueTask DispatchAsync(WhizbangDispatcher dispatcher, IEvent @event, CancellationToken cancellationToken);
}
