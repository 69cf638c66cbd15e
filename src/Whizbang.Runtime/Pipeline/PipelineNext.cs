using Whizbang.Dispatch;

namespace Whizbang.Pipeline;

/// <summary>The rest of the pipeline after the current behaviour. A struct, so chaining allocates nothing.</summary>
public readonly struct PipelineNext<TMessage, TResult>
    where TMessage : notnull
{
    private readonly IPipelineBehavior[] _behaviors;
    private readonly int _index;
    private readonly IRouteTerminal<TMessage, TResult> _terminal;

    internal PipelineNext(IPipelineBehavior[] behaviors, int index, IRouteTerminal<TMessage, TResult> terminal)
    {
        _behaviors = behaviors;
        _index = index;
        _terminal = terminal;
    }

    /// <summary>Runs the next behaviour, or the handlers when none is left.</summary>
    public ValueTask<TResult> InvokeAsync(TMessage message, DispatchContext context, CancellationToken cancellationToken)
    {
        if (_terminal is null)
        {
            throw new InvalidOperationException("This PipelineNext was not created by the Whizbang dispatcher.");
        }

        return _index < _behaviors.Length
            ? _behaviors[_index].HandleAsync(message, context, new PipelineNext<TMessage, TResult>(_behaviors, _index + 1, _terminal), cancellationToken)
            : _terminal.InvokeHandlersAsync(message, context, cancellationToken);
    }
}
