using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Tenancy;

/// <summary>
/// The projection storage the application sees when tenants do not share tables: document reads go to the storage of
/// the tenant whose document they name. Generations, checkpoints and leases belong to one tenant's schema or
/// database; Whizbang's per-tenant projection workers use each tenant's storage for them, and this storage refuses them.
/// </summary>
internal sealed class TenantRoutedProjectionStorage(TenantStoreCatalogue tenants) : IProjectionStorage
{
    public TenantStoreCatalogue Tenants => tenants;

    public ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var tenant = keys.Select(k => k.Tenant).Distinct(StringComparer.Ordinal).ToArray() switch
        {
            [var one] => one,
            [] => null,
            var several => throw new ArgumentException(
                $"The keys name documents of tenants {string.Join(", ", several.Select(t => $"'{t}'"))}, which are kept apart; load each tenant's documents separately.", nameof(keys)),
        };
        return tenant is null
            ? ValueTask.FromResult<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>>(new Dictionary<DocumentKey, ReadOnlyMemory<byte>>())
            : tenants.StoresOf(tenant).Projections.LoadAsync(projection, generation, keys, cancellationToken);
    }

    public ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default)
        => tenants.StoresOf(key.Tenant).Projections.FindAsync(projection, key, cancellationToken);

    public ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
        => tenants.StoresOf(tenant).Projections.QueryAsync(projection, tenant, query, cancellationToken);

    public ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default)
        => throw PerTenant();

    public ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
        => throw PerTenant();

    public ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
        => throw PerTenant();

    public ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
        => throw PerTenant();

    private static InvalidOperationException PerTenant() => new(
        "Each tenant's projections have their own generations, checkpoints and leases in the tenant's schema or database: "
        + "use IProjectionManager, which works on every tenant's, or the tenant's own storage (TenantStoreCatalogue.StoresOf(tenant).Projections).");
}
