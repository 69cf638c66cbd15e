using System.Diagnostics;
using Whizbang.Dispatch;
using Whizbang.Messaging;

namespace Whizbang.Pipeline;

/// <summary>
/// One dispatch as pipeline behaviours see it: the message's envelope, its route, and the DI scope its
/// handlers run in. Nested dispatches made from inside a handler inherit the scope, correlation and tenant.
/// </summary>
public sealed class DispatchContext
{
    private static readonly AsyncLocal<DispatchContext?> s_current = new();
    private Dictionary<string, object?>? _items;

    internal DispatchContext(MessageRoute route, IServiceProvider services, bool isScoped, DispatchContext? parent)
    {
        Route = route;
        Services = services;
        IsScoped = isScoped;
        Parent = parent;
        var messageId = Guid.CreateVersion7();
        Envelope = new MessageEnvelope
        {
            MessageId = messageId,
            MessageName = route.MessageName,
            CorrelationId = parent?.Envelope.CorrelationId ?? messageId,
            CausationId = parent?.Envelope.MessageId,
            TenantId = parent?.Envelope.TenantId ?? MessageEnvelope.DefaultTenant,
            UserId = parent?.Envelope.UserId,
            Timestamp = DateTimeOffset.UtcNow,
            TraceParent = Activity.Current?.Id,
        };
    }

    /// <summary>The dispatch running on this async flow, or null outside any handler or behaviour.</summary>
    public static DispatchContext? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>The message's identity, causality, tenant and trace context.</summary>
    public MessageEnvelope Envelope { get; }

    /// <summary>The route: message type, stable name, kind, owning domain and handlers.</summary>
    public MessageRoute Route { get; }

    /// <summary>
    /// The services of this dispatch: its DI scope (shared with nested dispatches), or the root provider when
    /// every handler is a singleton and no behaviour is registered.
    /// </summary>
    public IServiceProvider Services { get; }

    /// <summary>True when <see cref="Services"/> is a DI scope (opened by this dispatch or an outer one).</summary>
    internal bool IsScoped { get; }

    /// <summary>The dispatch whose handler sent this message, if any.</summary>
    public DispatchContext? Parent { get; }

    /// <summary>State behaviours share for the length of this dispatch.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);
}
