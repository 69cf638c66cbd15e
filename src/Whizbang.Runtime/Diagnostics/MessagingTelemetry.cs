using System.Diagnostics;
using System.Diagnostics.Metrics;
using Whizbang.Messaging;

namespace Whizbang.Diagnostics;

/// <summary>
/// Spans and metrics of distributed messaging: <c>outbox-relay</c> per relayed batch, <c>consume {name}</c> per received
/// message (a child of the sender's trace, from the envelope's traceparent), and counters of sent, failed and received messages.
/// </summary>
internal static class MessagingTelemetry
{
    private static readonly Counter<long> s_sent = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.outbox.sent", unit: "{message}", description: "Outbox messages the transport acknowledged.");

    private static readonly Counter<long> s_sendFailures = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.outbox.send_failures", unit: "{message}", description: "Failed sends of outbox messages (retried or dead-lettered).");

    private static readonly Counter<long> s_received = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.inbox.received", unit: "{message}", description: "Messages received from the transport, by outcome.");

    public static Activity? StartRelay(int count)
    {
        var activity = WhizbangTelemetry.Source.StartActivity("outbox-relay", ActivityKind.Producer);
        activity?.SetTag(TelemetryTags.MessagingSystem, "whizbang");
        activity?.SetTag(TelemetryTags.MessagingOperation, "publish");
        activity?.SetTag(TelemetryTags.BatchCount, count);
        return activity;
    }

    public static Activity? StartConsume(string source, MessageEnvelope envelope)
    {
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        var activity = WhizbangTelemetry.Source.StartActivity("consume " + envelope.MessageName, ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.MessagingSystem, "whizbang");
            activity.SetTag(TelemetryTags.MessagingOperation, "process");
            activity.SetTag(TelemetryTags.Destination, source);
            activity.SetTag(TelemetryTags.MessageName, envelope.MessageName);
            activity.SetTag(TelemetryTags.MessageId, envelope.MessageId.ToString());
            activity.SetTag(TelemetryTags.Tenant, envelope.TenantId);
        }

        return activity;
    }

    public static void RecordSent(int count)
    {
        if (count > 0)
        {
            s_sent.Add(count);
        }
    }

    public static void RecordSendFailure(bool deadLettered) => s_sendFailures.Add(1, new KeyValuePair<string, object?>("whizbang.dead_lettered", deadLettered));

    public static void RecordReceived(string outcome) => s_received.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome));
}
