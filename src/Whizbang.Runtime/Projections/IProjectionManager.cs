using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Operates the application's projections: status, catch-up, rebuild, pause and resume, failures.</summary>
[Tenancy.TenantAgnostic]
public interface IProjectionManager
{
    /// <summary>The status of every projection's live and building generations, ordered by name and generation.</summary>
    ValueTask<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns once every running projection has applied every event stored before the call: it processes them here,
    /// or waits for the worker that holds a projection's lease. Failed and paused projections are not waited for.
    /// Useful in tests, tools and applications without a host (the hosted daemon does this continuously).
    /// </summary>
    ValueTask CatchUpAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts rebuilding <paramref name="projection"/> from the first event into a new generation beside the live one.
    /// Readers keep seeing the live generation until the new one has caught up; then they switch at once.
    /// </summary>
    /// <returns>The new generation's number.</returns>
    /// <exception cref="InvalidOperationException">No such projection, or a rebuild is already running.</exception>
    ValueTask<int> RebuildAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>Stops workers from processing <paramref name="projection"/> until <see cref="ResumeAsync"/>.</summary>
    ValueTask PauseAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>Lets workers process a paused or failed projection again (a failed one retries the event it stopped on).</summary>
    ValueTask ResumeAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>The events <paramref name="projection"/> failed to apply, newest first.</summary>
    ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default);
}
