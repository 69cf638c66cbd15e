using Microsoft.Extensions.Diagnostics.HealthChecks;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>
/// Unhealthy when a projection has stopped on a failure; degraded when one is paused or further behind than the
/// allowed lag; healthy otherwise. The data lists each generation's events and seconds behind.
/// </summary>
public sealed class ProjectionHealthCheck(IProjectionManager manager, TimeSpan maxLag) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await manager.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            var key = $"{status.Projection}#{status.Generation}";
            data[key + ".events_behind"] = status.EventsBehind;
            data[key + ".seconds_behind"] = status.TimeBehind.TotalSeconds;
            data[key + ".state"] = status.State.ToString();
        }

        var failed = statuses.Where(s => s.State == ProjectionRunState.Failed).ToList();
        if (failed.Count > 0)
        {
            return HealthCheckResult.Unhealthy(
                $"Stopped on a failure: {string.Join("; ", failed.Select(s => $"{s.Projection} ({s.Error})"))}.", data: data);
        }

        var lagging = statuses.Where(s => s.State == ProjectionRunState.Paused || (s.Status == GenerationStatus.Live && s.TimeBehind > maxLag)).ToList();
        return lagging.Count > 0
            ? HealthCheckResult.Degraded(
                $"Paused or more than {maxLag} behind: {string.Join(", ", lagging.Select(s => s.Projection))}.", data: data)
            : HealthCheckResult.Healthy($"{statuses.Count} projection generation(s) running within {maxLag}.", data);
    }
}
