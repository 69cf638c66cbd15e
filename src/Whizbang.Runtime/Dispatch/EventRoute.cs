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
    /// Runs the handlers of <paramref name="event"/>, cast to the route's event type, keeping in <paramref name="next"/> the
    /// index of the handler running. The generated route overrides it with a one-line bridge to
    /// <c>PublishToHandlersAsync</c>: the cast to its own sealed type is one comparison, and the dispatcher's direct path
    /// makes a single virtual call.
    /// </summary>
    protected abstract ValueTask PublishMessageAsync(IEvent @event, IServiceProvider services, ref int next, CancellationToken cancellationToken);

    /// <summary>
    /// The direct path: <see cref="PublishMessageAsync"/>, reachable from the dispatcher, which catches what a handler throws
    /// and goes on with <see cref="PublishAfterFailureAsync"/>.
    /// </summary>
    internal ValueTask PublishDirectAsync(IEvent @event, IServiceProvider services, ref int next, CancellationToken cancellationToken)
        => PublishMessageAsync(@event, services, ref next, cancellationToken);

    /// <summary>
    /// Runs the handlers after number <paramref name="failed"/>, which threw <paramref name="exception"/> on the direct path,
    /// then rethrows it (with any later failures), as a failure does not stop the other handlers.
    /// </summary>
    internal abstract ValueTask PublishAfterFailureAsync(int failed, Exception exception, IEvent @event, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The full path: scope, context, spans and behaviours around the handlers.</summary>
    internal abstract ValueTask DispatchAsync(WhizbangDispatcher dispatcher, IEvent @event, CancellationToken cancellationToken);
}
