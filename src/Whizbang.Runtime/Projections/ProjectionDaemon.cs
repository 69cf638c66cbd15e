using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Whizbang.Projections;

/// <summary>
/// The hosted background worker of async projections: one loop per projection that takes turns at its generations
/// (the live one and a rebuild's), waits a poll interval when there was nothing to do, and refreshes the status
/// behind the projection metrics. Every replica runs it; leases let one of them work on each generation.
/// </summary>
internal sealed class ProjectionDaemon(ProjectionWorker worker, IProjectionManager manager, TimeProvider clock, ILogger<ProjectionDaemon> logger) : BackgroundService
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll([.. worker.Runners.Select(runner => RunAsync(runner, stoppingToken)), RefreshStatusAsync(stoppingToken)]);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await worker.ReleaseLeasesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(ProjectionRunner runner, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await worker.RunTurnAsync(runner, stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(runner.Options.PollInterval, clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is down or unreachable: nothing was committed, so trying again later loses nothing.
                ProjectionLog.WorkerFailed(logger, e, runner.Name, ErrorDelay);
                await DelayAsync(ErrorDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshStatusAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await manager.GetStatusAsync(stoppingToken).ConfigureAwait(false); // also feeds the gauges
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ProjectionLog.WorkerFailed(logger, e, "(status)", StatusInterval);
            }

            await DelayAsync(StatusInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
