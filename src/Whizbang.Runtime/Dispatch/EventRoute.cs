using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route of an event type to its handlers.</summary>
public abstract class EventRoute : MessageRoute
{
    private protected EventRoute(Type messageType, string messageName, string? owningDomain, HandlerDescriptor[] handlers)
        : base(messageType, messageName, MessageKind.Event, owningDomain, handlers)
    {
    }

    /// <summary>Runs every handler with the root services: the direct path.</summary>
    internal abstract ValueTask PublishDirectAsync(IEvent @event, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The full path: scope, context, spans and behaviours around the handlers.</summary>
    internal abstract ValueTask DispatchAsync(WhizbangDispatcher dispatcher, IEvent @event, CancellationToken cancellationToken);
}
