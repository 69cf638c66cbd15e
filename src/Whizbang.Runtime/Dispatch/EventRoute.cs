using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route of an event type to its handlers.</summary>
public abstract class EventRoute : MessageRoute
{
    private protected EventRoute(Type messageType, string messageName, string? owningDomain, HandlerDescriptor[] handlers)
        : base(messageType, messageName, MessageKind.Event, owningDomain, handlers)
    {
    }

    internal abstract ValueTask PublishAsync(WhizbangDispatcher dispatcher, IEvent @event, CancellationToken cancellationToken);
}
