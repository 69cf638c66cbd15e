using Whizbang.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Projections;

/// <summary>The <see cref="IProjectionManager"/> over the process's projection worker and the projection storage.</summary>
internal sealed class ProjectionManager(ProjectionWorker worker, IProjectionStorage storage, IEventStore store, TimeProvider clock, string? tenant = null) : IProjectionManager
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<string, ProjectionRunner> _runners = worker.Runners.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var system = TenantContext.EnterSystemWork(); // status counts every tenant's events
        await worker.EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new List<ProjectionStatus>();
        foreach (var generation in await storage.GetGenerationsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            // Rows of projections this application no longer has are not its business.
            if (_runners.TryGetValue(generation.Projection, out var runner))
            {
                statuses.Add(await StatusOfAsync(runner, generation, cancellationToken).ConfigureAwait(false));
            }
        }

        ProjectionTelemetry.Observe(statuses);
        return statuses;
    }

    public async ValueTask CatchUpAsync(CancellationToken cancellationToken = default)
    {
        using var system = TenantContext.EnterSystemWork();
        while (true)
        {
            foreach (var runner in worker.Runners)
            {
                while (await worker.RunTurnAsync(runner, cancellationToken).ConfigureAwait(false))
                {
                }
            }

            // Generations leased by another worker are caught up when that worker gets there.
            var behind = false;
            foreach (var generation in await storage.GetGenerationsAsync(null, cancellationToken).ConfigureAwait(false))
            {
                if (generation.State == ProjectionRunState.Running && _runners.TryGetValue(generation.Projection, out var runner)
                    && (generation.Status == GenerationStatus.Building || await CountBehindAsync(runner, generation, cancellationToken).ConfigureAwait(false) > 0))
                {
                    behind = true;
                    break;
                }
            }

            if (!behind)
            {
                return;
            }

            await Task.Delay(WaitStep, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<int> RebuildAsync(string projection, CancellationToken cancellationToken = default)
    {
        Known(projection);
        await worker.EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        var building = await storage.StartRebuildAsync(projection, default, cancellationToken).ConfigureAwait(false);
        return building.Generation;
    }

    public ValueTask PauseAsync(string projection, CancellationToken cancellationToken = default)
        => SetStateAsync(projection, ProjectionRunState.Paused, cancellationToken);

    public ValueTask ResumeAsync(string projection, CancellationToken cancellationToken = default)
        => SetStateAsync(projection, ProjectionRunState.Running, cancellationToken);

    public ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        Known(projection);
        return storage.GetFailuresAsync(projection, maxCount, cancellationToken);
    }

    private async ValueTask SetStateAsync(string projection, ProjectionRunState state, CancellationToken cancellationToken)
    {
        Known(projection);
        await worker.EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        foreach (var generation in await storage.GetGenerationsAsync(projection, cancellationToken).ConfigureAwait(false))
        {
            await storage.SetStateAsync(projection, generation.Generation, state, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ProjectionStatus> StatusOfAsync(ProjectionRunner runner, ProjectionGeneration generation, CancellationToken cancellationToken)
    {
        var behind = await CountBehindAsync(runner, generation, cancellationToken).ConfigureAwait(false);
        var timeBehind = TimeSpan.Zero;
        if (behind > 0)
        {
            await foreach (var oldest in store.ReadAllAsync(runner.Reading(generation.Checkpoint, maxCount: 1), cancellationToken).ConfigureAwait(false))
            {
                timeBehind = TimeSpan.FromTicks(Math.Max(0, (clock.GetUtcNow() - oldest.Timestamp).Ticks));
            }
        }

        return new ProjectionStatus(
            generation.Projection,
            generation.Generation,
            generation.Status,
            generation.State,
            generation.Checkpoint,
            behind,
            timeBehind,
            generation.Error,
            generation.LeaseOwner,
            generation.UpdatedAt,
            tenant);
    }

    /// <summary>How many events the generation has yet to apply: none for an inline projection's live one, which appends update.</summary>
    private ValueTask<long> CountBehindAsync(ProjectionRunner runner, ProjectionGeneration generation, CancellationToken cancellationToken)
        => runner.EventNames.Count == 0 || (runner.IsInline && generation.Status == GenerationStatus.Live)
            ? ValueTask.FromResult(0L)
            : store.CountAsync(runner.Reading(generation.Checkpoint, int.MaxValue), cancellationToken);

    /// <summary>Throws unless the application has a projection named <paramref name="projection"/>.</summary>
    internal static void EnsureKnown(IReadOnlyCollection<string> projections, string projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (!projections.Contains(projection))
        {
            throw new InvalidOperationException(
                $"There is no projection named '{projection}'; the application has {(projections.Count == 0 ? "none" : string.Join(", ", projections.Order(StringComparer.Ordinal)))}.");
        }
    }

    private void Known(string projection) => EnsureKnown(_runners.Keys, projection);
}
