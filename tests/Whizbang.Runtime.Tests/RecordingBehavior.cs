using Microsoft.Extensions.DependencyInjection;
using Whizbang.Pipeline;

namespace Whizbang.Runtime.Tests;

/// <summary>Writes its name before and after the rest of the pipeline; can refuse to go on.</summary>
public sealed class RecordingBehavior(string name, bool shortCircuit = false) : IPipelineBehavior
{
    public List<DispatchContext> Seen { get; } = [];

    public async ValueTask<TResult> HandleAsync<TMessage, TResult>(
        TMessage message, DispatchContext context, PipelineNext<TMessage, TResult> next, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        lock (Seen)
        {
            Seen.Add(context);
        }

        var probe = context.Services.GetRequiredService<Probe>();
        probe.Write($"{name}>");
        if (shortCircuit)
        {
            return default!;
        }

        var result = await next.InvokeAsync(message, context, cancellationToken);
        probe.Write($"<{name}");
        return result;
    }
}
