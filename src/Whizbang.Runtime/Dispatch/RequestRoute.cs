using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route that answers with a <typeparamref name="TResult"/>: a command with a result, or a query.</summary>
public abstract class RequestRoute<TResult> : MessageRoute
{
    private protected RequestRoute(Type messageType, string messageName, MessageKind kind, string? owningDomain, HandlerDescriptor handler)
        : base(messageType, messageName, kind, owningDomain, [handler])
    {
        if (kind is not (MessageKind.CommandWithResult or MessageKind.Query))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A request route is a command with a result or a query.");
        }
    }

    /// <summary><c>typeof(TResult)</c>, compared by the dispatcher instead of a cast check.</summary>
    internal Type ResultType { get; } = typeof(TResult);

    internal abstract ValueTask<TResult> SendAsync(WhizbangDispatcher dispatcher, object request, CancellationToken cancellationToken);
}
