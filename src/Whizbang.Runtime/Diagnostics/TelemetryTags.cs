namespace Whizbang.Diagnostics;

/// <summary>Tag names on Whizbang spans: OpenTelemetry messaging conventions plus <c>whizbang.*</c>.</summary>
public static class TelemetryTags
{
    /// <summary>Always <c>whizbang</c> for in-process dispatch.</summary>
    public const string MessagingSystem = "messaging.system";
    /// <summary><c>send</c>, <c>query</c>, <c>publish</c> or <c>process</c>.</summary>
    public const string MessagingOperation = "messaging.operation";
    /// <summary>The message id from the envelope.</summary>
    public const string MessageId = "messaging.message.id";
    /// <summary>The stable message name.</summary>
    public const string MessageName = "whizbang.message.name";
    /// <summary>The domain that owns the message.</summary>
    public const string Domain = "whizbang.domain";
    /// <summary>The handler class a <c>process</c> span ran.</summary>
    public const string Handler = "whizbang.handler";
    /// <summary>The tenant from the envelope.</summary>
    public const string Tenant = "whizbang.tenant";
    /// <summary>The tenant whose data a cross-tenant access reached.</summary>
    public const string RequestedTenant = "whizbang.tenant.requested";
    /// <summary>The reason recorded with a cross-tenant access.</summary>
    public const string CrossTenantReason = "whizbang.cross_tenant.reason";
    /// <summary>The aggregate name of an <c>append</c> span saving one aggregate.</summary>
    public const string Aggregate = "whizbang.aggregate";
    /// <summary>The stream id of an <c>append</c> span writing one stream.</summary>
    public const string Stream = "whizbang.stream";
    /// <summary>How many streams an <c>append</c> span writes.</summary>
    public const string StreamCount = "whizbang.stream.count";
    /// <summary>How many events an <c>append</c> span writes.</summary>
    public const string EventCount = "whizbang.event.count";

    /// <summary>The projection's name.</summary>
    public const string Projection = "whizbang.projection";

    /// <summary>The projection generation.</summary>
    public const string Generation = "whizbang.projection.generation";

    /// <summary>Whether a failed event was skipped (true) or stopped the projection (false).</summary>
    public const string Skipped = "whizbang.projection.skipped";

    /// <summary>The topic or destination a message travels to or came from.</summary>
    public const string Destination = "messaging.destination.name";

    /// <summary>How many messages a relay batch carried.</summary>
    public const string BatchCount = "messaging.batch.message_count";

    /// <summary>What became of a received message: handled, duplicate, not_handled_here or dead_lettered.</summary>
    public const string Outcome = "whizbang.message.outcome";
}
