using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>
/// How one message type reaches its handlers. The generator emits one sealed subclass per message, whose
/// override calls the handlers directly; this base holds what every route shares: the message's identity,
/// its handlers and the cache of singleton handler instances.
/// </summary>
public abstract class MessageRoute
{
    // The cached singleton handlers. The first has a field of its own: a request's one handler is then a field
    // read, not an array element (a dependent load and a bounds check less on every dispatch).
    private readonly object?[] _singletons;
    private object? _firstSingleton;

    // Private protected: the dispatcher trusts Kind to tell which route class it holds, so only the route
    // classes of this assembly may derive from it.
    private protected MessageRoute(Type messageType, string messageName, MessageKind kind, string? owningDomain, HandlerDescriptor[] handlers)
    {
        MessageType = messageType;
        MessageName = messageName;
        Kind = kind;
        OwningDomain = owningDomain;
        Handlers = handlers;
        _singletons = new object?[handlers.Length];
        NeedsScope = Array.Exists(handlers, h => h.Lifetime != ServiceLifetime.Singleton);
        var operation = kind switch
        {
            MessageKind.Query => "query",
            MessageKind.Event => "publish",
            _ => "send",
        };
        Operation = operation;
        DispatchSpanName = operation + " " + messageName;
        ProcessSpanName = "process " + messageName;
        Descriptor = new MessageDescriptor(messageType, messageName, kind, owningDomain);
    }

    /// <summary>The message's CLR type.</summary>
    public Type MessageType { get; }

    /// <summary>The message's stable name.</summary>
    public string MessageName { get; }

    /// <summary>Command, query or event.</summary>
    public MessageKind Kind { get; }

    /// <summary>The domain named by <c>[OwnedBy]</c>, or null when the message declares none.</summary>
    public string? OwningDomain { get; }

    /// <summary>The handlers, in the order they run.</summary>
    public IReadOnlyList<HandlerDescriptor> Handlers { get; }

    /// <summary>What the message declares: permissions, public marker, cross-tenant reason, owning domain.</summary>
    public MessageDescriptor Descriptor { get; internal set; }

    /// <summary>
    /// The handle of a request route's result type (0 for commands without a result and events), compared by the
    /// dispatcher instead of a cast check.
    /// </summary>
    internal nint ResultTypeKey { get; private protected init; }

    /// <summary>True when a handler is scoped or transient, so a dispatch needs a DI scope.</summary>
    internal bool NeedsScope { get; }

    /// <summary>
    /// Called by the dispatcher that owns the route with whether a dispatch may call the handlers directly whenever nobody
    /// listens to Whizbang's spans (no scope needed, no behaviour registered, no transport): sets <see cref="DirectKind"/>.
    /// </summary>
    internal void AllowDirect(bool canRunDirect)
        => DirectKind = canRunDirect && (ResultIsImplied || Kind is MessageKind.Command or MessageKind.Event) ? Kind : null;

    /// <summary>
    /// The kind of call that may hand a message straight to this route's handlers (one comparison in the dispatcher): the
    /// route's <see cref="Kind"/> when it can run direct and, for a command with a result or a query, its result is implied
    /// (see <see cref="ResultIsImplied"/>); otherwise null.
    /// </summary>
    internal MessageKind? DirectKind { get; private set; }

    /// <summary>
    /// True for a request route whose message type declares one request interface, this route's (see
    /// <see cref="RequestInterfaces"/>): a <c>Send&lt;TResult&gt;</c> or <c>Query&lt;TResult&gt;</c> that finds the route by
    /// the message's type was then called with the route's own TResult, and needs no check of it.
    /// </summary>
    internal bool ResultIsImplied { get; private protected init; }

    internal string Operation { get; }

    internal string DispatchSpanName { get; }

    internal string ProcessSpanName { get; }

    /// <summary>
    /// Returns handler number <paramref name="index"/>: the cached instance for a singleton, otherwise a
    /// fresh resolution from <paramref name="services"/> (the dispatch's scope).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected THandler Handler<THandler>(int index, IServiceProvider services) where THandler : class
    {
        var cached = index == 0 ? _firstSingleton : _singletons[index];
        return cached is not null ? Unsafe.As<THandler>(cached) : Resolve<THandler>(index, services);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private THandler Resolve<THandler>(int index, IServiceProvider services) where THandler : class
    {
        var handler = services.GetRequiredService<THandler>();
        if (Handlers[index].Lifetime == ServiceLifetime.Singleton)
        {
            if (index == 0)
            {
                _firstSingleton = handler;
            }
            else
            {
                _singletons[index] = handler;
            }
        }

        return handler;
    }
}
