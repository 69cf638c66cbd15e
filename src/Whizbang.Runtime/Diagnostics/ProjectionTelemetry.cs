using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Whizbang.Projections;

namespace Whizbang.Diagnostics;

/// <summary>
/// Projection spans (<c>project {name}</c>, one per batch) and metrics: events applied, failures, and per live
/// generation (and per tenant, when each tenant has its own schema or database) how many events and how much time it is behind, as of the last status the process computed.
/// </summary>
internal static class ProjectionTelemetry
{
    private static readonly ConcurrentDictionary<string, ProjectionStatus> s_lastStatus = new(StringComparer.Ordinal);

    private static readonly Counter<long> s_applied = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.projection.events", unit: "{event}", description: "Events applied by projections and committed.");

    private static readonly Counter<long> s_failures = WhizbangTelemetry.Meter.CreateCounter<long>(
        "whizbang.projection.failures", unit: "{event}", description: "Events projections failed to apply after their retries.");

    static ProjectionTelemetry()
    {
        WhizbangTelemetry.Meter.CreateObservableGauge(
            "whizbang.projection.events_behind",
            () => s_lastStatus.Values.Select(s => new Measurement<long>(s.EventsBehind, Tag(s))),
            unit: "{event}",
            description: "Events stored after the projection's checkpoint.");
        WhizbangTelemetry.Meter.CreateObservableGauge(
            "whizbang.projection.lag",
            () => s_lastStatus.Values.Select(s => new Measurement<double>(s.TimeBehind.TotalSeconds, Tag(s))),
            unit: "s",
            description: "Age of the oldest event the projection has not applied yet.");
    }

    public static Activity? StartBatch(string projection, int generation, int events)
    {
        var activity = WhizbangTelemetry.Source.StartActivity("project " + projection, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Projection, projection);
            activity.SetTag(TelemetryTags.Generation, generation);
            activity.SetTag(TelemetryTags.EventCount, events);
        }

        return activity;
    }

    public static void RecordCommitted(string projection, int events)
    {
        if (events > 0)
        {
            s_applied.Add(events, new KeyValuePair<string, object?>(TelemetryTags.Projection, projection));
        }
    }

    public static void RecordFailure(string projection, bool skipped)
        => s_failures.Add(1, new(TelemetryTags.Projection, projection), new(TelemetryTags.Skipped, skipped));

    /// <summary>Keeps the latest status of each live generation for the gauges.</summary>
    public static void Observe(IEnumerable<ProjectionStatus> statuses)
    {
        foreach (var status in statuses)
        {
            if (status.Status == Projections.Storage.GenerationStatus.Live)
            {
                s_lastStatus[status.Tenant is null ? status.Projection : $"{status.Tenant}\n{status.Projection}"] = status;
            }
        }
    }

    private static TagList Tag(ProjectionStatus status)
        => status.Tenant is null
            ? new TagList { { TelemetryTags.Projection, status.Projection } }
            : new TagList { { TelemetryTags.Projection, status.Projection }, { TelemetryTags.Tenant, status.Tenant } };
}
