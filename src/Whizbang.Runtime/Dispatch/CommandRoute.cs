using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route of a command without a result.</summary>
public abstract class CommandRoute : MessageRoute
{
    private protected CommandRoute(Type messageType, string messageName, string? owningDomain, HandlerDescriptor handler)
        : base(messageType, messageName, MessageKind.Command, owningDomain, [handler])
    {
    }

    internal abstract ValueTask SendAsync(WhizbangDispatcher dispatcher, ICommand command, CancellationToken cancellationToken);
}
