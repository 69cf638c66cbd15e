using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline;
using Whizbang.Pipeline.Authorization;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Dispatch;

/// <summary>
/// The in-process <see cref="IWhizbang"/>. A dispatch takes the direct path (type lookup, one virtual call,
/// the handler; nothing allocated) when its handlers are singletons, no behaviour is registered and nothing
/// listens to Whizbang's spans. Otherwise it runs in a <see cref="DispatchContext"/> with a DI scope,
/// spans and the behaviour pipeline. With a transport (<c>UseMessaging</c>), messages of domains other services own
/// leave through the outbox, and events are published through it (see <see cref="IWhizbang"/>).
/// </summary>
internal sealed class WhizbangDispatcher : IWhizbang
{
    private readonly RouteTable _routes;
    private readonly IPipelineBehavior[] _behaviors;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IMessageCatalog _catalog;
    private readonly OutboxWriter? _outbox;

    // Set when the authorization stage is on: the claim type that commands leaving through the outbox are checked with.
    private readonly string? _outgoingPermissionClaim;

    public WhizbangDispatcher(HandlerRegistry registry, IMessageCatalog catalog, WhizbangOptions options, IServiceProvider services, IEnumerable<IPipelineBehavior> behaviors)
    {
        _behaviors = behaviors.ToArray();
        _catalog = catalog;
        _outbox = services.GetService<OutboxWriter>();
        _outgoingPermissionClaim = _behaviors.Any(static b => b is AuthorizationBehavior) ? options.Tenancy.PermissionClaimType : null;
        var routes = registry.CreateRoutes(options.HandlerLifetime);
        foreach (var route in routes)
        {
            route.Descriptor = catalog.Find(route.MessageType) ?? route.Descriptor;
            // A cross-tenant message opens its grant around the handlers, which the direct path has no place for.
            // So do messaging's pending writes, which commit with the handler's events or when the dispatch ends.
            route.AllowDirect(!route.NeedsScope && _behaviors.Length == 0 && route.Descriptor.CrossTenantReason is null && _outbox is null);
        }

        _routes = new RouteTable(routes);
        _scopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        RootServices = services;
    }

    internal IServiceProvider RootServices { get; }

    /// <summary>This dispatcher's routes, each set up for it (see <see cref="MessageRoute.DirectKind"/>).</summary>
    internal IReadOnlyList<MessageRoute> Routes => _routes.Routes;

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

        // No route runs direct with a transport (see the constructor), so the direct path needs no look at the outbox.
        var route = _routes.Find(command);
        if (route?.DirectKind == MessageKind.Command && !Listening)
        {
            return Unsafe.As<CommandRoute>(route).InvokeDirectAsync(command, RootServices, cancellationToken);
        }

        return SendOnFullPath(command, cancellationToken);
    }

    /// <summary>A command that does not run direct: to its owner through the outbox when another service owns it, otherwise with scope, spans and behaviours.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // kept out of the direct path's frame
    private ValueTask SendOnFullPath(ICommand command, CancellationToken cancellationToken)
    {
        if (_outbox is not null && Remote(command.GetType()) is { } remote)
        {
            return EnqueueCommand(command, remote, cancellationToken);
        }

        var route = _routes.Find(command);
        if (route is not { Kind: MessageKind.Command })
        {
            ThrowNoHandler(command);
        }

        return Unsafe.As<CommandRoute>(route).DispatchAsync(this, command, cancellationToken);
    }

    // Not inlined into IWhizbang.Send's callers: every call site stays a type check and a jump, and this body, shared
    // by all of them, is profiled and optimized once. Inlined into a caller that tiered up without a profile, the
    // direct path measured twice as slow.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ValueTask<TResult> SendCore<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            ThrowNull(nameof(command));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        // The direct path reads no handle of TResult: a route that can take it implies its TResult (ResultIsImplied).
        var route = _routes.Find(command);
        if (route?.DirectKind == MessageKind.CommandWithResult && !Listening)
        {
            // Returned through the local's address, not as the call's value: the JIT would otherwise hand this method's return
            // buffer down to the inlined handler, whose store of a result object into it takes a checked write barrier (a
            // helper call on every dispatch). Copied out of a local, the result reaches the caller's stack without one.
            var task = Unsafe.As<RequestRoute<TResult>>(route).InvokeDirectAsync(command, RootServices, cancellationToken);
            return Unsafe.As<ValueTask<TResult>, ValueTask<TResult>>(ref task);
        }

        return RequestOnFullPath<TResult>(command, route, MessageKind.CommandWithResult, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see SendCore
    public ValueTask<TResult> QueryCore<TResult>(IQuery<TResult> query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            ThrowNull(nameof(query));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        // The direct path reads no handle of TResult: a route that can take it implies its TResult (ResultIsImplied).
        var route = _routes.Find(query);
        if (route?.DirectKind == MessageKind.Query && !Listening)
        {
            var task = Unsafe.As<RequestRoute<TResult>>(route).InvokeDirectAsync(query, RootServices, cancellationToken);
            return Unsafe.As<ValueTask<TResult>, ValueTask<TResult>>(ref task); // through its address: see SendCore
        }

        return RequestOnFullPath<TResult>(query, route, MessageKind.Query, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see SendCore
    public ValueTask PublishCore<TEvent>(TEvent @event, CancellationToken cancellationToken) where TEvent : IEvent
    {
        if (@event is null)
        {
            ThrowNull(nameof(@event));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (typeof(TEvent).IsValueType)
        {
            return PublishValue(@event, cancellationToken);
        }

        // Found by the event's runtime type, which a TEvent of a base type or an interface does not name: the generated
        // route casts to its own event type. No route runs direct with a transport (see the constructor), so the direct
        // path needs no look at the outbox.
        var route = _routes.Find(@event);
        if (route?.DirectKind == MessageKind.Event && !Listening)
        {
            return Unsafe.As<EventRoute>(route).PublishDirectAsync(@event, RootServices, cancellationToken);
        }

        return PublishOnFullPath(@event, cancellationToken);
    }

    /// <summary>A publish of a class event that does not run direct: through the outbox with a transport, otherwise with scope, spans and behaviours.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // kept out of the direct path's frame
    private ValueTask PublishOnFullPath(IEvent @event, CancellationToken cancellationToken)
        => _outbox is not null && Published(@event.GetType()) is { } published
            ? _outbox.EnqueueAsync(@event, published, cancellationToken)
            : DispatchEvent(_routes.Find(@event), @event, cancellationToken);

    /// <summary>
    /// Enqueues <paramref name="command"/>: it is written to the outbox (with the current dispatch's events, when
    /// there is one) and runs later in its owning service, this one included, through the transport.
    /// </summary>
    public ValueTask Enqueue(ICommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_outbox is null)
        {
            throw new InvalidOperationException(
                "Enqueue needs a transport: configure one with AddWhizbang(b => b.UseKafka(...)) (or use Send, which runs the handler now).");
        }

        var descriptor = _catalog.Find(command.GetType());
        if (descriptor?.OwningDomain is null)
        {
            throw new InvalidOperationException(
                $"Command '{command.GetType().FullName}' declares no [OwnedBy] domain, so no service's command topic can take it; use Send.");
        }

        return EnqueueCommand(command, descriptor, cancellationToken);
    }

    /// <summary>
    /// With the authorization stage on, a command leaving through the outbox is checked here, against the caller who
    /// sends it: the service that receives it does not authorize it again. A command sent while handling a message
    /// from the transport goes out on this service's authority, as the nested dispatches of such a message do.
    /// </summary>
    private void AuthorizeOutgoing(MessageDescriptor command)
    {
        if (_outgoingPermissionClaim is null || DispatchContext.Current is { IsFromTransport: true })
        {
            return;
        }

        var principal = TenantScope.Current?.Principal ?? DispatchContext.Current?.Principal;
        if (DeclaredPermissions.Refusal(command, principal, _outgoingPermissionClaim) is { } refusal)
        {
            throw new MessageAuthorizationException(command.Name, principal is null ? null : DispatchContext.UserIdOf(principal), refusal);
        }
    }

    /// <summary>The full path of an event through <paramref name="route"/>; nothing for an event no handler here takes, which is not an error.</summary>
    private ValueTask DispatchEvent(MessageRoute? route, IEvent @event, CancellationToken cancellationToken)
        => route is { Kind: MessageKind.Event } ? Unsafe.As<EventRoute>(route).DispatchAsync(this, @event, cancellationToken) : default;

    /// <summary>
    /// Publish of an event that is a struct: its route is that of its static type (a struct has no subtypes), so it reaches
    /// the handlers unboxed.
    /// </summary>
    private ValueTask PublishValue<TEvent>(TEvent @event, CancellationToken cancellationToken) where TEvent : IEvent
    {
        if (_outbox is not null && Published(typeof(TEvent)) is { } published)
        {
            return _outbox.EnqueueAsync(@event, published, cancellationToken);
        }

        if (_routes.Find(TypeKey.Of<TEvent>()) is not { Kind: MessageKind.Event } route)
        {
            return default;
        }

        var exact = Unsafe.As<EventRoute<TEvent>>(route);
        return route.DirectKind == MessageKind.Event && !Listening
            ? exact.PublishToHandlersAsync(@event, RootServices, cancellationToken)
            : exact.DispatchAsync(this, @event, cancellationToken);
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

        if (_outbox is not null)
        {
            await PublishBatchThroughOutboxAsync(events, cancellationToken).ConfigureAwait(false);
            return;
        }

        List<Exception>? failures = null;
        foreach (var @event in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await PublishCore(@event, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// With a transport, a batch is one unit: every owned event is written to the outbox in one transaction (and the
    /// relay sends it as one produce batch); events without an owner are then published here, as without a transport.
    /// </summary>
    private async ValueTask PublishBatchThroughOutboxAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        var outgoing = new List<(object, MessageDescriptor)>(events.Count);
        var local = new List<IEvent>();
        foreach (var @event in events)
        {
            if (Published(@event.GetType()) is { } descriptor)
            {
                outgoing.Add((@event, descriptor));
            }
            else
            {
                local.Add(@event);
            }
        }

        if (outgoing.Count > 0)
        {
            await _outbox!.EnqueueAsync(outgoing, cancellationToken).ConfigureAwait(false);
        }

        // With a transport no route runs direct: the events that stay here take the full path.
        foreach (var @event in local)
        {
            await DispatchEvent(_routes.Find(@event), @event, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The descriptor of a message another service's domain owns, or null when it runs here.</summary>
    private MessageDescriptor? Remote(Type type)
        => _catalog.Find(type) is { OwningDomain: { } domain } descriptor && !_outbox!.Router.Owns(domain) ? descriptor : null;

    /// <summary>The descriptor of an event that travels through the outbox; null for one without an owner, which stays in process.</summary>
    /// <exception cref="InvalidOperationException">Another service's domain owns the event: only its owner publishes it.</exception>
    private MessageDescriptor? Published(Type type)
    {
        if (_catalog.Find(type) is not { OwningDomain: { } domain } descriptor)
        {
            return null;
        }

        return _outbox!.Router.Owns(domain) ? descriptor : throw new InvalidOperationException(
            $"Event '{descriptor.Name}' belongs to domain '{domain}', which service '{_outbox.Router.Options.ServiceName}' does not own; only the owning service publishes it.");
    }

    /// <summary>Runs a message received from the transport through this process's handlers (the processor set up its envelope and inbox entry).</summary>
    internal ValueTask DispatchIncomingAsync(object message, MessageDescriptor descriptor, CancellationToken cancellationToken)
    {
        var route = _routes.Find(message);
        return route switch
        {
            CommandRoute command when descriptor.Kind == MessageKind.Command => command.DispatchAsync(this, (ICommand)message, cancellationToken),
            EventRoute @event when descriptor.Kind == MessageKind.Event => @event.DispatchAsync(this, (IEvent)message, cancellationToken),
            _ => throw new NoHandlerException(message.GetType()),
        };
    }

    /// <summary>True when something listens to Whizbang's spans, which only the full path starts.</summary>
    private static bool Listening => WhizbangTelemetry.Source.HasListeners();

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
        // The outermost dispatch collects the messages its handlers send; an append takes them into its transaction.
        var pending = _outbox is not null && PendingMessages.Current is null ? new PendingMessages(null) : null;
        if (pending is not null)
        {
            PendingMessages.Current = pending;
        }

        try
        {
            var context = ownScope is { } scope
                ? new DispatchContext(route, scope.ServiceProvider, isScoped: true, parent)
                : new DispatchContext(route, parent?.Services ?? RootServices, parent?.IsScoped ?? false, parent);
            DispatchContext.Current = context;
            using var activity = DispatchActivities.StartDispatch(route, context);
            try
            {
                var running = _behaviors.Length == 0
                    ? terminal.InvokeHandlersAsync(message, context, cancellationToken)
                    : new PipelineNext<TMessage, TResult>(_behaviors, 0, terminal).InvokeAsync(message, context, cancellationToken);
                var result = await running.ConfigureAwait(false);
                if (pending is not null)
                {
                    await _outbox!.FlushAsync(pending, cancellationToken).ConfigureAwait(false);
                }

                return result;
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

    /// <summary>A command with a result or a query (<paramref name="kind"/>) that does not run direct, through <paramref name="found"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // kept out of the direct path's frame
    private ValueTask<TResult> RequestOnFullPath<TResult>(object request, MessageRoute? found, MessageKind kind, CancellationToken cancellationToken)
        => Unsafe.As<RequestRoute<TResult>>(CheckRequestRoute(request, found, kind, TypeKey.Of<TResult>())).DispatchAsync(this, request, cancellationToken);

    /// <summary>
    /// The full path's check of a command with a result or a query (<paramref name="kind"/>) whose result type has the handle
    /// <paramref name="resultKey"/>: a request that cannot run direct, or one with no handler here, which throws.
    /// </summary>
    /// <remarks>
    /// Only <c>RequestRoute&lt;TRequest, TResult&gt;</c> has a request kind, and its ResultTypeKey is its TResult's, so once
    /// both match the caller's cast needs no check: comparing two type handles is much cheaper than a cast to a generic class.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // one copy, not one per value-type TResult of RequestOnFullPath
    private MessageRoute CheckRequestRoute(object request, MessageRoute? found, MessageKind kind, nint resultKey)
    {
        if (_outbox is not null)
        {
            ThrowIfRemote(request);
        }

        if (found is null || found.Kind != kind || found.ResultTypeKey != resultKey)
        {
            ThrowNoHandler(request);
        }

        return found;
    }

    /// <summary>A command leaving through the outbox (another domain's, or enqueued): authorized here, then written.</summary>
    private ValueTask EnqueueCommand(ICommand command, MessageDescriptor descriptor, CancellationToken cancellationToken)
    {
        AuthorizeOutgoing(descriptor);
        return _outbox!.EnqueueAsync(command, descriptor, cancellationToken);
    }

    private void ThrowIfRemote(object request)
    {
        if (Remote(request.GetType()) is { } remote)
        {
            throw new InvalidOperationException(
                $"'{remote.Name}' belongs to domain '{remote.OwningDomain}', which service '{_outbox!.Router.Options.ServiceName}' does not own, and a message " +
                "with a result cannot travel to another service. Send a command without a result and subscribe to the events it causes.");
        }
    }

    // Not marked NoInlining: the JIT then sees that it only throws and treats its calls as not returning.
    [DoesNotReturn]
    private static void ThrowNoHandler(object message) => throw new NoHandlerException(message.GetType());

    [DoesNotReturn]
    private static void ThrowNull(string name) => throw new ArgumentNullException(name);
}
