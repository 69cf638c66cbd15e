using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>The end of a pipeline: the route's own handler call(s), run with the dispatch's services.</summary>
internal interface IRouteTerminal<in TMessage, TResult>
{
    ValueTask<TResult> InvokeHandlersAsync(TMessage message, DispatchContext context, CancellationToken cancellationToken);
}
