using System.Diagnostics.CodeAnalysis;
using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A route that answers with a <typeparamref name="TResult"/>: a command with a result, or a query.</summary>
public abstract class RequestRoute<TResult> : MessageRoute
{
    private protected RequestRoute(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] Type messageType,
        string messageName,
        MessageKind kind,
        string? owningDomain,
        HandlerDescriptor handler)
        : base(messageType, messageName, kind, owningDomain, [handler])
    {
        if (kind is not (MessageKind.CommandWithResult or MessageKind.Query))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A request route is a command with a result or a query.");
        }

        ResultTypeKey = TypeKey.Of<TResult>();
        ResultIsImplied = RequestInterfaces.DeclaresOnly(messageType, kind, typeof(TResult));
    }

    /// <summary>
    /// Calls the handler with <paramref name="request"/> cast to the route's request type. The generated route
    /// overrides it with a one-line bridge to its typed <c>HandleAsync</c>, so the dispatcher's direct path
    /// makes a single virtual call.
    /// </summary>
    protected abstract ValueTask<TResult> HandleMessageAsync(object request, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The direct path: <see cref="HandleMessageAsync"/>, reachable from the dispatcher.</summary>
    internal ValueTask<TResult> InvokeDirectAsync(object request, IServiceProvider services, CancellationToken cancellationToken)
        => HandleMessageAsync(request, services, cancellationToken);

    /// <summary>The full path: scope, context, spans and behaviours around the handler.</summary>
    internal abstract ValueTask<TResult> DispatchAsync(WhizbangDispatcher dispatcher, object request, CancellationToken cancellationToken);
}
