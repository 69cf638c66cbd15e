using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Projections;

/// <summary>
/// Takes turns at projections for one process: for each running generation it holds the lease for, it applies
/// batches until the generation is caught up. The lease (renewed before every batch) keeps one worker per generation
/// across replicas; the fenced commit makes sure a worker that lost it cannot write.
/// </summary>
internal sealed class ProjectionWorker(IReadOnlyList<ProjectionRunner> runners, IProjectionStorage storage, ILogger<ProjectionWorker> logger)
{
    /// <summary>Batches per generation per turn, so that one busy projection cannot starve a rebuild of another.</summary>
    private const int MaxBatchesPerTurn = 20;

    private readonly ConcurrentDictionary<(string Projection, int Generation), bool> _leases = new();
    private readonly Lock _registrationGate = new();
    private Task? _registration;

    /// <summary>This process's lease owner id.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public IReadOnlyList<ProjectionRunner> Runners => runners;

    /// <summary>Creates every projection's first generation if needed (once per process; retried after a failure).</summary>
    public Task EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        lock (_registrationGate)
        {
            if (_registration is null || _registration.IsFaulted || _registration.IsCanceled)
            {
                _registration = RegisterAsync();
            }

            return _registration.WaitAsync(cancellationToken);
        }

        async Task RegisterAsync()
        {
            foreach (var runner in runners)
            {
                // An inline projection's first generation is built in the background like a rebuild: it goes live,
                // and appends start updating it, only once it has read every event already stored.
                var first = runner.IsInline ? GenerationStatus.Building : GenerationStatus.Live;
                await storage.RegisterAsync(runner.Name, default, first, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One turn at <paramref name="runner"/>'s running generations; true when a batch was committed.</summary>
    public async ValueTask<bool> RunTurnAsync(ProjectionRunner runner, CancellationToken cancellationToken)
    {
        using var system = TenantContext.EnterSystemWork(); // projections read every tenant's events
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        var progressed = false;
        foreach (var generation in await storage.GetGenerationsAsync(runner.Name, cancellationToken).ConfigureAwait(false))
        {
            if (runner.IsInline && generation.Status == GenerationStatus.Live)
            {
                continue; // appends keep it up to date
            }

            var current = generation;
            for (var batch = 0; batch < MaxBatchesPerTurn && current is { State: ProjectionRunState.Running }; batch++)
            {
                if (!await TryLeaseAsync(runner, current.Generation, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                var outcome = await runner.RunBatchAsync(current, Owner, cancellationToken).ConfigureAwait(false);
                if (outcome is BatchOutcome.CaughtUp or BatchOutcome.LostLease or BatchOutcome.Stopped)
                {
                    break;
                }

                progressed = true;
                var before = current;
                current = (await storage.GetGenerationsAsync(runner.Name, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(g => g.Generation == before.Generation);
                if (before.Status == GenerationStatus.Building && current?.Status == GenerationStatus.Live)
                {
                    ProjectionLog.Activated(logger, runner.Name, current.Generation);
                    break;
                }
            }
        }

        return progressed;
    }

    /// <summary>Gives up every lease this worker took, so that another replica takes over without waiting for expiry.</summary>
    public async Task ReleaseLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var (projection, generation) in _leases.Keys)
        {
            await storage.ReleaseLeaseAsync(projection, generation, Owner, cancellationToken).ConfigureAwait(false);
            _leases.TryRemove((projection, generation), out _);
        }
    }

    private async ValueTask<bool> TryLeaseAsync(ProjectionRunner runner, int generation, CancellationToken cancellationToken)
    {
        var leased = await storage.TryAcquireLeaseAsync(runner.Name, generation, Owner, runner.Options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (leased)
        {
            _leases[(runner.Name, generation)] = true;
        }
        else
        {
            _leases.TryRemove((runner.Name, generation), out _);
        }

        return leased;
    }
}
