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
    private Dictionary<string, object?>? _items;

    internal DispatchContext(MessageRoute route, IServiceProvider services, bool isScoped, DispatchContext? parent)
    {
        Route = route;
        Services = services;
        IsScoped = isScoped;
        Parent = parent;
        var scope = TenantScope.Current;
        Principal = scope?.Principal ?? parent?.Principal;
        var messageId = Guid.CreateVersion7();
        Envelope = new MessageEnvelope
        {
            MessageId = messageId,
            MessageName = route.MessageName,
            CorrelationId = parent?.Envelope.CorrelationId ?? messageId,
            CausationId = parent?.Envelope.MessageId,
            TenantId = scope?.TenantId ?? parent?.Envelope.TenantId ?? MessageEnvelope.DefaultTenant,
            UserId = scope?.Principal is { } principal ? UserIdOf(principal) : parent?.Envelope.UserId,
            CrossTenantReason = CrossTenantAccess.Current?.Reason,
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
    private static string? UserIdOf(ClaimsPrincipal principal)
        => principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? principal.Identity?.Name;

    /// <summary>State behaviours share for the length of this dispatch.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);
}
