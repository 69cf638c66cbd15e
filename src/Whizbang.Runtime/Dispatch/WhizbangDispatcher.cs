using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Tenancy;

namespace Whizbang.Dispatch;

/// <summary>
/// The in-process <see cref="IWhizbang"/>. A dispatch takes the direct path (type lookup, one virtual call,
/// the handler; nothing allocated) when its handlers are singletons, no behaviour is registered and nothing
/// listens to Whizbang's spans. Otherwise it runs in a <see cref="DispatchContext"/> with a DI scope,
/// spans and the behaviour pipeline.
/// </summary>
internal sealed class WhizbangDispatcher : IWhizbang
{
    private readonly RouteTable _routes;
    private readonly IPipelineBehavior[] _behaviors;
    private readonly IServiceScopeFactory _scopeFactory;

    public WhizbangDispatcher(HandlerRegistry registry, IMessageCatalog catalog, WhizbangOptions options, IServiceProvider services, IEnumerable<IPipelineBehavior> behaviors)
    {
        _behaviors = behaviors.ToArray();
        var routes = registry.CreateRoutes(options.HandlerLifetime);
        foreach (var route in routes)
        {
            route.Descriptor = catalog.Find(route.MessageType) ?? route.Descriptor;
            // A cross-tenant message opens its grant around the handlers, which the direct path has no place for.
            route.CanRunDirect = !route.NeedsScope && _behaviors.Length == 0 && route.Descriptor.CrossTenantReason is null;
        }

        _routes = new RouteTable(routes);
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

        if (_routes.Find(command) is not { Kind: MessageKind.Command } found)
        {
            throw new NoHandlerException(command.GetType());
        }

        var route = Unsafe.As<CommandRoute>(found);
        return IsDirect(route)
            ? route.InvokeDirectAsync(command, RootServices, cancellationToken)
            : route.DispatchAsync(this, command, cancellationToken);
    }

    public ValueTask<TResult> Send<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default)
    {
        if (command is null)
        {
            ThrowNull(nameof(command));
        }

        return Request<TResult>(command, MessageKind.CommandWithResult, cancellationToken);
    }

    public ValueTask<TResult> Query<TResult>(IQuery<TResult> query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            ThrowNull(nameof(query));
        }

        return Request<TResult>(query, MessageKind.Query, cancellationToken);
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

        // TypeKey.Of<TEvent>() for structs: reading a generic struct's type from the value would box it.
        var type = typeof(TEvent).IsValueType ? TypeKey.Of<TEvent>() : TypeKey.Of(@event);
        if (_routes.Find(type) is not { Kind: MessageKind.Event } route)
        {
            return default; // an event nobody handles is not an error
        }

        // An event route's message type is its TEvent, so when it matches the static type no cast check is needed.
        if (type == TypeKey.Of<TEvent>())
        {
            var exact = Unsafe.As<EventRoute<TEvent>>(route);
            return IsDirect(exact)
                ? exact.PublishDirectAsync(@event, RootServices, cancellationToken)
                : exact.DispatchAsync(this, @event, cancellationToken);
        }

        var other = Unsafe.As<EventRoute>(route);
        return IsDirect(other)
            ? other.PublishDirectAsync(@event, RootServices, cancellationToken)
            : other.DispatchAsync(this, @event, cancellationToken);
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
    internal static bool IsDirect(MessageRoute route) => route.CanRunDirect && !WhizbangTelemetry.Source.HasListeners();

    /// <summary>The full path: DI scope, context, spans, behaviours, then the route's handlers.</summary>
    internal async ValueTask<TResult> DispatchAsync<TMessage, TResult>(
        MessageRoute route, TMessage message, IRouteTerminal<TMessage, TResult> terminal, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        using var grant = route.Descriptor.CrossTenantReason is { } reason ? CrossTenantAccess.Begin(reason) : null;
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
            try
            {
                var pending = _behaviors.Length == 0
                    ? terminal.InvokeHandlersAsync(message, context, cancellationToken)
                    : new PipelineNext<TMessage, TResult>(_behaviors, 0, terminal).InvokeAsync(message, context, cancellationToken);
                return await pending.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                DispatchActivities.RecordFailure(activity, exception);
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

    /// <summary>Sends a command with a result or a query: the same path, told apart by <paramref name="kind"/>.</summary>
    /// <remarks>
    /// Only <c>RequestRoute&lt;TRequest, TResult&gt;</c> has a request kind, and its ResultTypeKey is its TResult's, so once
    /// both match the cast needs no check: comparing two type handles is much cheaper than a cast to a generic class.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueTask<TResult> Request<TResult>(object request, MessageKind kind, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        var found = _routes.Find(request);
        if (found is null || found.Kind != kind || Unsafe.As<RequestRoute<TResult>>(found).ResultTypeKey != TypeKey.Of<TResult>())
        {
            throw new NoHandlerException(request.GetType());
        }

        var route = Unsafe.As<RequestRoute<TResult>>(found);
        return IsDirect(route)
            ? route.InvokeDirectAsync(request, RootServices, cancellationToken)
            : route.DispatchAsync(this, request, cancellationToken);
    }

    [DoesNotReturn]
    private static void ThrowNull(string name) => throw new ArgumentNullException(name);
}
