using System.Collections.Concurrent;
using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Runtime.Tests.Projections;

/// <summary>The process died: thrown by <see cref="FaultyProjectionStorage"/> where a test wants a crash.</summary>
public sealed class SimulatedCrash() : Exception("The worker's process died here.");

/// <summary>Wraps a real storage to crash around commits and to record which owner committed what.</summary>
public sealed class FaultyProjectionStorage(IProjectionStorage inner) : IProjectionStorage
{
    /// <summary>Crash instead of committing when this returns true.</summary>
    public Func<ProjectionCommit, bool> CrashBefore { get; set; } = _ => false;

    /// <summary>Crash right after a successful commit when this returns true.</summary>
    public Func<ProjectionCommit, bool> CrashAfter { get; set; } = _ => false;

    /// <summary>Runs after every successful commit (for example to look at what readers see meanwhile).</summary>
    public Func<ProjectionCommit, Task> AfterCommit { get; set; } = _ => Task.CompletedTask;

    public ConcurrentQueue<ProjectionCommit> Committed { get; } = new();

    public ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default)
        => inner.RegisterAsync(projection, start, status, cancellationToken);

    public ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default)
        => inner.GetGenerationsAsync(projection, cancellationToken);

    public ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
        => inner.StartRebuildAsync(projection, start, cancellationToken);

    public ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
        => inner.TryAcquireLeaseAsync(projection, generation, owner, duration, cancellationToken);

    public ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default)
        => inner.ReleaseLeaseAsync(projection, generation, owner, cancellationToken);

    public ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
        => inner.LoadAsync(projection, generation, keys, cancellationToken);

    public async ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default)
    {
        if (CrashBefore(commit))
        {
            throw new SimulatedCrash();
        }

        var committed = await inner.CommitAsync(commit, cancellationToken);
        if (committed)
        {
            Committed.Enqueue(commit);
            await AfterCommit(commit);
            if (CrashAfter(commit))
            {
                throw new SimulatedCrash();
            }
        }

        return committed;
    }

    public ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
        => inner.SetStateAsync(projection, generation, state, cancellationToken);

    public ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
        => inner.GetFailuresAsync(projection, maxCount, cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default)
        => inner.FindAsync(projection, key, cancellationToken);

    public ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
        => inner.QueryAsync(projection, tenant, query, cancellationToken);
}
