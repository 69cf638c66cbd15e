using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>
/// Where projections keep their documents, checkpoints, leases and failures: one driver per database, beside its
/// event store. Drivers move bytes; the runtime owns serialization. Every projection has generations: exactly one
/// live (what readers see) and at most one building (a rebuild), each with its own checkpoint and lease.
/// </summary>
[Tenancy.TenantAgnostic]
public interface IProjectionStorage
{
    /// <summary>
    /// Creates the projection with generation 1 at <paramref name="start"/> unless it exists, and returns its
    /// generations that are not retired, oldest first. Safe to call from several workers at once.
    /// </summary>
    /// <param name="projection">The projection's name.</param>
    /// <param name="start">The first generation's checkpoint.</param>
    /// <param name="status">
    /// Live (readers see it at once), or building (it goes live when its builder catches up, as an inline projection's
    /// first generation does).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default);

    /// <summary>The generations that are not retired: of <paramref name="projection"/>, or of every projection when null; ordered by projection and generation.</summary>
    ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a building generation (one more than the newest) with its checkpoint at <paramref name="start"/>.</summary>
    /// <exception cref="InvalidOperationException">The projection does not exist, or already has a building generation.</exception>
    ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the generation's lease for <paramref name="owner"/> until now + <paramref name="duration"/>:
    /// true when the lease was free, expired, or already <paramref name="owner"/>'s; false while another owner holds
    /// it, or when the generation is retired or missing.
    /// </summary>
    ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it, so another worker can take over at once.</summary>
    ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default);

    /// <summary>The stored documents among <paramref name="keys"/> of one generation (missing keys are absent from the result).</summary>
    ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="commit"/> in one transaction; false (and nothing written) when the fence does not hold.</summary>
    ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a generation's run state (an operator's pause or resume; resuming clears the error). Not fenced by leases:
    /// a worker sees the new state at its next batch.
    /// </summary>
    /// <returns>False when the generation does not exist or is retired.</returns>
    ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default);

    /// <summary>The failures recorded for <paramref name="projection"/> (every generation), newest first, at most <paramref name="maxCount"/>.</summary>
    ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>A document of the projection's live generation, or null.</summary>
    ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Documents of <paramref name="tenant"/> in the projection's live generation matching <paramref name="query"/>,
    /// ordered by id (ordinal by Unicode code point, as databases compare UTF-8 text: .NET's ordinal order except that
    /// characters above U+FFFF sort after U+E000 to U+FFFF), at most <see cref="DocumentQuery.Take"/>.
    /// </summary>
    ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default);
}
