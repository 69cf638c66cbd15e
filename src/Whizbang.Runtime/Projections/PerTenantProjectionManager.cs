using System.Collections.Concurrent;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Projections;

/// <summary>
/// The <see cref="IProjectionManager"/> when each tenant has its own schema or database: every tenant projects its own
/// events, with its own generations and checkpoints, and each call covers every known tenant.
/// </summary>
internal sealed class PerTenantProjectionManager(
    TenantStoreCatalogue tenants, IReadOnlyCollection<string> projections, Func<string, TenantStores, TenantProjections> create) : IProjectionManager
{
    private readonly ConcurrentDictionary<string, Lazy<TenantProjections>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>The worker and manager of <paramref name="tenant"/>, created on first use.</summary>
    public TenantProjections Of(string tenant)
        => _byTenant.GetOrAdd(tenant, t => new Lazy<TenantProjections>(() => create(t, tenants.StoresOf(t)))).Value;

    public async ValueTask<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<ProjectionStatus>();
        foreach (var tenant in Tenants())
        {
            statuses.AddRange(await Of(tenant).Manager.GetStatusAsync(cancellationToken).ConfigureAwait(false));
        }

        return statuses;
    }

    public async ValueTask CatchUpAsync(CancellationToken cancellationToken = default)
    {
        foreach (var tenant in Tenants())
        {
            await Of(tenant).Manager.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a rebuild in every tenant; returns the highest of the tenants' new generations (0 without tenants).</summary>
    public async ValueTask<int> RebuildAsync(string projection, CancellationToken cancellationToken = default)
    {
        Known(projection);
        var generation = 0;
        foreach (var tenant in Tenants())
        {
            generation = Math.Max(generation, await Of(tenant).Manager.RebuildAsync(projection, cancellationToken).ConfigureAwait(false));
        }

        return generation;
    }

    public async ValueTask PauseAsync(string projection, CancellationToken cancellationToken = default)
    {
        Known(projection);
        foreach (var tenant in Tenants())
        {
            await Of(tenant).Manager.PauseAsync(projection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask ResumeAsync(string projection, CancellationToken cancellationToken = default)
    {
        Known(projection);
        foreach (var tenant in Tenants())
        {
            await Of(tenant).Manager.ResumeAsync(projection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest failures of every tenant, newest first.</summary>
    public async ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        Known(projection);
        var failures = new List<ProjectionFailure>();
        foreach (var tenant in Tenants())
        {
            failures.AddRange(await Of(tenant).Manager.GetFailuresAsync(projection, maxCount, cancellationToken).ConfigureAwait(false));
        }

        return [.. failures.OrderByDescending(f => f.FailedAt).Take(maxCount)];
    }

    private IEnumerable<string> Tenants() => tenants.Tenants.Order(StringComparer.Ordinal);

    private void Known(string projection) => ProjectionManager.EnsureKnown(projections, projection);
}
