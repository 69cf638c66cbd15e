using System.Diagnostics;
using Whizbang.EventSourcing;

namespace Whizbang.Diagnostics;

/// <summary>The spans of repository saves and unit-of-work commits: one <c>append</c> span per store call.</summary>
internal static class EventSourcingActivities
{
    public static Activity? StartSave(string aggregateName, StreamId stream, int events)
    {
        var activity = WhizbangTelemetry.Source.StartActivity("append " + aggregateName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Aggregate, aggregateName);
            activity.SetTag(TelemetryTags.Tenant, stream.Tenant);
            activity.SetTag(TelemetryTags.Stream, stream.Id);
            activity.SetTag(TelemetryTags.StreamCount, 1);
            activity.SetTag(TelemetryTags.EventCount, events);
        }

        return activity;
    }

    public static Activity? StartCommit(int streams, int events)
    {
        var activity = WhizbangTelemetry.Source.StartActivity("append", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.StreamCount, streams);
            activity.SetTag(TelemetryTags.EventCount, events);
        }

        return activity;
    }
}
