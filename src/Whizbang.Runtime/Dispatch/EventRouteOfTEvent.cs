using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Whizbang.Diagnostics;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>
/// The route of one event type. The generator derives a sealed class per event and overrides
/// <see cref="HandleAsync"/> with a switch of direct calls, one per handler (the full path and the continuations),
/// <see cref="PublishToHandlersAsync"/> with the same calls written out (the direct path), and
/// <see cref="EventRoute.PublishMessageAsync"/> with a bridge to it.
/// </summary>
/// <remarks>
/// Handlers run one after another in the generator's stable order (by handler name). A failing handler does
/// not stop the others: one failure is rethrown unchanged at the end, several as an <see cref="AggregateException"/>.
/// </remarks>
public abstract class EventRoute<TEvent> : EventRoute, IRouteTerminal<TEvent, Unit>
    where TEvent : IEvent
{
    /// <summary>Describes the route; called by generated code.</summary>
    protected EventRoute(string messageName, string? owningDomain, HandlerDescriptor[] handlers)
        : base(typeof(TEvent), messageName, owningDomain, handlers)
    {
    }

    /// <summary>Calls handler number <paramref name="handlerIndex"/>. <paramref name="services"/> is the dispatch's scope.</summary>
    protected abstract ValueTask HandleAsync(int handlerIndex, TEvent @event, IServiceProvider services, CancellationToken cancellationToken);

    internal sealed override ValueTask DispatchAsync(WhizbangDispatcher dispatcher, IEvent @event, CancellationToken cancellationToken)
        => DispatchAsync(dispatcher, (TEvent)@event, cancellationToken);

    internal ValueTask DispatchAsync(WhizbangDispatcher dispatcher, TEvent @event, CancellationToken cancellationToken)
        => ValueTasks.IgnoreResult(dispatcher.DispatchAsync(this, @event, this, cancellationToken));

    /// <summary>
    /// Runs the handlers one after another with <paramref name="services"/>, staying synchronous until one of them is
    /// not: the direct path, with no scope, context or span. The generator emits it as straight-line code, one call per
    /// handler in its own <c>try</c>, handing over to <see cref="ContinueAfterFailure"/> or <see cref="ContinueAfterPending"/>
    /// at the first handler that throws or does not complete.
    /// </summary>
    protected internal abstract ValueTask PublishToHandlersAsync(TEvent @event, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="pending"/>, a handler's task, completed successfully (its result is then consumed); false
    /// when it is still running or failed, and the publish goes on in <see cref="ContinueAfterPending"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool Completed(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            return false;
        }

        pending.GetAwaiter().GetResult();
        return true;
    }

    /// <summary>Handler number <paramref name="index"/> threw: runs the later handlers, then rethrows (see the class remarks).</summary>
    protected ValueTask ContinueAfterFailure(int index, TEvent @event, IServiceProvider services, Exception exception, CancellationToken cancellationToken)
        => ValueTasks.IgnoreResult(RunFromAsync(index + 1, @event, services, null, [exception], cancellationToken));

    /// <summary>Handler number <paramref name="index"/> returned <paramref name="pending"/>, not yet complete: awaits it, then runs the later handlers.</summary>
    protected ValueTask ContinueAfterPending(ValueTask pending, int index, TEvent @event, IServiceProvider services, CancellationToken cancellationToken)
        => ValueTasks.IgnoreResult(ContinueAsync(pending, index, @event, services, cancellationToken));

    ValueTask<Unit> IRouteTerminal<TEvent, Unit>.InvokeHandlersAsync(TEvent message, DispatchContext context, CancellationToken cancellationToken)
        => RunFromAsync(0, message, context.Services, context, null, cancellationToken);

    private async ValueTask<Unit> ContinueAsync(ValueTask pending, int index, TEvent @event, IServiceProvider services, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failures = [exception];
        }

        return await RunFromAsync(index + 1, @event, services, null, failures, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Unit> RunFromAsync(
        int start, TEvent @event, IServiceProvider services, DispatchContext? context, List<Exception>? failures, CancellationToken cancellationToken)
    {
        for (var i = start; i < Handlers.Count; i++)
        {
            using var activity = context is null ? null : DispatchActivities.StartProcess(this, i, context);
            try
            {
                await HandleAsync(i, @event, services, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                DispatchActivities.RecordFailure(activity, exception);
                (failures ??= []).Add(exception);
            }
        }

        return failures switch
        {
            null => Unit.Value,
            [var single] => Rethrow(single),
            _ => throw new AggregateException($"{failures.Count} handlers of event '{MessageName}' failed.", failures),
        };
    }

    private static Unit Rethrow(Exception exception)
    {
        ExceptionDispatchInfo.Throw(exception);
        return Unit.Value;
    }
}
