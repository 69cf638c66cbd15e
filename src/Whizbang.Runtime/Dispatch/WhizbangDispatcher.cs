using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Dispatch;

/// <summary>
/// The in-process <see cref="IWhizbang"/>. A dispatch takes the direct path (type lookup, one virtual call,
/// the handler; nothing allocated) when its handlers are singletons, no behaviour is registered and nothing
/// listens to Whizbang's telemetry. Otherwise it runs in a <see cref="DispatchContext"/> with a DI scope,
/// spans and the behaviour pipeline.
/// </summary>
internal sealed class WhizbangDispatcher : IWhizbang
{
    private readonly RouteTable _routes;
    private readonly IPipelineBehavior[] _behaviors;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly bool _hasNoBehaviors;

    public WhizbangDispatcher(HandlerRegistry registry, WhizbangOptions options, IServiceProvider services, IEnumerable<IPipelineBehavior> behaviors)
    {
        _routes = new RouteTable(registry.CreateRoutes(options.HandlerLifetime));
        _behaviors = behaviors.ToArray();
        _hasNoBehaviors = _behaviors.Length == 0;
        _scopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        RootServices = services;
    }

    internal IServiceProvider RootServices { get; }

    public ValueTask Send(ICommand command, CancellationToken cancellationToken = default)
    {
        if (command is null)
        {
            ThrowNull(nameof(command));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return _routes.Find(command.GetType()) is { Kind: MessageKind.Command } route
            ? Unsafe.As<CommandRoute>(route).SendAsync(this, command, cancellationToken)
            : throw new NoHandlerException(command.GetType());
    }

    public ValueTask<TResult> Send<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default)
    {
        if (command is null)
        {
            ThrowNull(nameof(command));
        }

        return Request<TResult>(command, cancellationToken);
    }

    public ValueTask<TResult> Query<TResult>(IQuery<TResult> query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            ThrowNull(nameof(query));
        }

        return Request<TResult>(query, cancellationToken);
    }

    public ValueTask Publish<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : IEvent
    {
        if (@event is null)
        {
            ThrowNull(nameof(@event));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        // typeof(TEvent) for structs: GetType() on a generic struct would box it.
        var type = typeof(TEvent).IsValueType ? typeof(TEvent) : @event.GetType();
        if (_routes.Find(type) is not { Kind: MessageKind.Event } route)
        {
            return default; // an event nobody handles is not an error
        }

        // An event route's message type is its TEvent, so when it matches the static type no cast check is needed.
        return type == typeof(TEvent)
            ? Unsafe.As<EventRoute<TEvent>>(route).PublishAsync(this, @event, cancellationToken)
            : Unsafe.As<EventRoute>(route).PublishAsync(this, @event, cancellationToken);
    }

    public async ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                throw new ArgumentException($"Event {i} of the batch is null; nothing was published.", nameof(events));
            }
        }

        List<Exception>? failures = null;
        foreach (var @event in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await Publish(@event, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is [var single])
        {
            ExceptionDispatchInfo.Throw(single);
        }

        if (failures is not null)
        {
            throw new AggregateException($"Publishing {failures.Count} of {events.Count} events failed.", failures);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsDirect(MessageRoute route) => !route.NeedsScope && _hasNoBehaviors && !WhizbangTelemetry.IsObserved;

    /// <summary>The full path: DI scope, context, spans, behaviours, then the route's handlers.</summary>
    internal async ValueTask<TResult> DispatchAsync<TMessage, TResult>(
        MessageRoute route, TMessage message, IRouteTerminal<TMessage, TResult> terminal, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        var parent = DispatchContext.Current;
        // Behaviours may resolve scoped services (an authorizer, validators), so they always get a scope.
        var needsScope = route.NeedsScope || _behaviors.Length > 0;
        var ownScope = needsScope && parent is not { IsScoped: true } ? _scopeFactory.CreateAsyncScope() : (AsyncServiceScope?)null;
        try
        {
            var context = ownScope is { } scope
                ? new DispatchContext(route, scope.ServiceProvider, isScoped: true, parent)
                : new DispatchContext(route, parent?.Services ?? RootServices, parent?.IsScoped ?? false, parent);
            DispatchContext.Current = context;
            using var activity = DispatchActivities.StartDispatch(route, context);
            if (WhizbangTelemetry.MessagesDispatched.Enabled)
            {
                WhizbangTelemetry.MessagesDispatched.Add(1, new KeyValuePair<string, object?>(TelemetryTags.MessageName, route.MessageName));
            }

            try
            {
                var pending = _behaviors.Length == 0
                    ? terminal.InvokeHandlersAsync(message, context, cancellationToken)
                    : new PipelineNext<TMessage, TResult>(_behaviors, 0, terminal).InvokeAsync(message, context, cancellationToken);
                return await pending.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
                throw;
            }
        }
        finally
        {
            if (ownScope is { } scope)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private ValueTask<TResult> Request<TResult>(object request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        // Only RequestRoute<TRequest, TResult> has these kinds, and its ResultType is its TResult:
        // comparing types is much cheaper than a cast check against a generic class.
        return _routes.Find(request.GetType()) is { Kind: MessageKind.CommandWithResult or MessageKind.Query } route
            && Unsafe.As<RequestRoute<TResult>>(route).ResultType == typeof(TResult)
            ? Unsafe.As<RequestRoute<TResult>>(route).SendAsync(this, request, cancellationToken)
            : throw new NoHandlerException(request.GetType());
    }

    [DoesNotReturn]
    private static void ThrowNull(string name) => throw new ArgumentNullException(name);
}
