using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Whizbang.Projections;

/// <summary>Adds the projections' health check.</summary>
public static class ProjectionHealthCheckExtensions
{
    /// <summary>
    /// Adds <see cref="ProjectionHealthCheck"/>: unhealthy when a projection stopped on a failure, degraded when one
    /// is paused or its oldest unapplied event is older than <paramref name="maxLag"/> (one minute by default).
    /// </summary>
    public static IHealthChecksBuilder AddWhizbangProjections(this IHealthChecksBuilder builder, TimeSpan? maxLag = null, string name = "whizbang-projections")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var lag = maxLag ?? TimeSpan.FromMinutes(1);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new ProjectionHealthCheck(provider.GetRequiredService<IProjectionManager>(), lag),
            HealthStatus.Unhealthy,
            ["whizbang", "projections"]));
    }
}
