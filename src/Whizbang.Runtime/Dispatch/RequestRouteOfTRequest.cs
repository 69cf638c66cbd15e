using System.Diagnostics.CodeAnalysis;
using Whizbang.Diagnostics;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>
/// The route of one command-with-result or query type. The generator derives a sealed class per message
/// and overrides <see cref="HandleAsync"/> with a direct call to the handler (and
/// <see cref="RequestRoute{TResult}.HandleMessageAsync"/> with a bridge to it).
/// </summary>
public abstract class RequestRoute<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] TRequest, TResult> : RequestRoute<TResult>, IRouteTerminal<TRequest, TResult>
    where TRequest : notnull
{
    /// <summary>Describes the route; called by generated code.</summary>
    protected RequestRoute(string messageName, MessageKind kind, string? owningDomain, HandlerDescriptor handler)
        : base(typeof(TRequest), messageName, kind, owningDomain, handler)
    {
    }

    /// <summary>Calls the handler. <paramref name="services"/> is the dispatch's scope.</summary>
    protected abstract ValueTask<TResult> HandleAsync(TRequest request, IServiceProvider services, CancellationToken cancellationToken);

    internal sealed override ValueTask<TResult> DispatchAsync(WhizbangDispatcher dispatcher, object request, CancellationToken cancellationToken)
        => dispatcher.DispatchAsync(this, (TRequest)request, this, cancellationToken);

    async ValueTask<TResult> IRouteTerminal<TRequest, TResult>.InvokeHandlersAsync(TRequest message, DispatchContext context, CancellationToken cancellationToken)
    {
        using var activity = DispatchActivities.StartProcess(this, 0, context);
        try
        {
            return await HandleAsync(message, context.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            DispatchActivities.RecordFailure(activity, exception);
            throw;
        }
    }
}
