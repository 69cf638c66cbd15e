using System.Diagnostics;
using System.Security.Claims;
using Whizbang.Dispatch;
using Whizbang.Messaging;
using Whizbang.Tenancy;

namespace Whizbang.Pipeline;

/// <summary>
/// One dispatch as pipeline behaviours see it: the message's envelope, its route, and the DI scope its
/// handlers run in. Nested dispatches made from inside a handler inherit the scope, correlation, tenant and
/// principal; an open <see cref="TenantScope"/> supplies the tenant and principal of an original request.
/// </summary>
public sealed class DispatchContext
{
    private static readonly AsyncLocal<DispatchContext?> s_current = new();
    private static readonly AsyncLocal<MessageEnvelope?> s_incoming = new();
    private Dictionary<string, object?>? _items;

    internal DispatchContext(MessageRoute route, IServiceProvider services, bool isScoped, DispatchContext? parent)
    {
        Route = route;
        Services = services;
        IsScoped = isScoped;
        Parent = parent;
        var incoming = parent is null ? s_incoming.Value : null;
        IsFromTransport = incoming is not null || parent is { IsFromTransport: true };
        Principal = TenantScope.Current?.Principal ?? parent?.Principal;
        Envelope = incoming is not null ? incoming with { MessageName = route.MessageName } : NewEnvelope(route.MessageName, parent);
    }

    /// <summary>
    /// The envelope of a new message sent from the current flow: a new id, the parent dispatch as causation and its
    /// correlation, the open <see cref="TenantScope"/>'s tenant and principal (else the parent's), the current trace.
    /// </summary>
    internal static MessageEnvelope NewEnvelope(string messageName, DispatchContext? parent)
    {
        var scope = TenantScope.Current;
        var messageId = Guid.CreateVersion7();
        return new MessageEnvelope
        {
            MessageId = messageId,
            MessageName = messageName,
            CorrelationId = parent?.Envelope.CorrelationId ?? messageId,
            CausationId = parent?.Envelope.MessageId,
            TenantId = scope?.TenantId ?? parent?.Envelope.TenantId ?? MessageEnvelope.DefaultTenant,
            UserId = scope?.Principal is { } principal ? UserIdOf(principal) : parent?.Envelope.UserId,
            CrossTenantReason = CrossTenantAccess.Current?.Reason,
            Timestamp = DateTimeOffset.UtcNow,
            TraceParent = Activity.Current?.Id,
        };
    }

    /// <summary>
    /// Set by the consumer of a transport around the dispatch of a received message: that dispatch keeps the
    /// message's own envelope (id, correlation, tenant, user, trace) instead of starting a new one.
    /// </summary>
    internal static MessageEnvelope? Incoming
    {
        get => s_incoming.Value;
        set => s_incoming.Value = value;
    }

    /// <summary>The dispatch running on this async flow, or null outside any handler or behaviour.</summary>
    public static DispatchContext? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>The message's identity, causality, tenant and trace context.</summary>
    public MessageEnvelope Envelope { get; }

    /// <summary>
    /// True for a message received from a transport (it was authorized by the service that sent it) and for the
    /// dispatches its handler makes, which run on this service's authority.
    /// </summary>
    public bool IsFromTransport { get; }

    /// <summary>The authenticated caller, when known: the <see cref="TenantScope"/>'s principal, else the parent dispatch's.</summary>
    public ClaimsPrincipal? Principal { get; }

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

    /// <summary>The principal's name identifier claim, else its identity name.</summary>
    internal static string? UserIdOf(ClaimsPrincipal principal)
        => principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? principal.Identity?.Name;

    /// <summary>State behaviours share for the length of this dispatch.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);
}
