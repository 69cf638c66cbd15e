using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Whizbang.Tenancy;

/// <summary>
/// Runs a background service per tenant of a <see cref="TenantStoreCatalogue"/> (a projection daemon, an outbox relay,
/// a purge): one for each tenant known at start, and one for each tenant added while the application runs.
/// </summary>
internal sealed class PerTenantHostedService(TenantStoreCatalogue tenants, string work, Func<string, IHostedService> create, ILogger logger) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TenantWork> _running = [];
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _watch;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watch = tenants.Watch(Start);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TenantWork[] running;
        lock (_gate)
        {
            _stopped = true;
            running = [.. _running];
        }

        _watch?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running.Select(tenantWork => StopAsync(tenantWork, cancellationToken))).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _stopping.Dispose();
        foreach (var tenantWork in _running)
        {
            (tenantWork.Service as IDisposable)?.Dispose();
        }
    }

    private void Start(string tenant)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            IHostedService service;
            try
            {
                service = create(tenant);
            }
            catch (Exception e)
            {
                // Called from the catalogue's Add at run time, too: one tenant's broken work must not fail the caller.
                TenancyLog.TenantWorkFailed(logger, e, work, tenant);
                return;
            }

            // A tenant added at run time is added from whatever flow the caller is in (a request of some tenant, perhaps):
            // the service must not inherit it.
            var stopping = _stopping.Token;
            using (ExecutionContext.SuppressFlow())
            {
                _running.Add(new TenantWork(service, Task.Run(() => StartAsync(service, tenant, stopping))));
            }
        }
    }

    /// <returns>Whether the service started (a failure is logged: the other tenants' work goes on).</returns>
    private async Task<bool> StartAsync(IHostedService service, string tenant, CancellationToken stopping)
    {
        try
        {
            await service.StartAsync(stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false; // stopped before it started
        }
        catch (Exception e)
        {
            TenancyLog.TenantWorkFailed(logger, e, work, tenant);
            return false;
        }
    }

    // A service is stopped once its start has ended, so a stop never overtakes a start still on its way.
    private static async Task StopAsync(TenantWork tenantWork, CancellationToken cancellationToken)
    {
        if (await tenantWork.Started.ConfigureAwait(false))
        {
            await tenantWork.Service.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record TenantWork(IHostedService Service, Task<bool> Started);
}
