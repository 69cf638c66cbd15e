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
}
