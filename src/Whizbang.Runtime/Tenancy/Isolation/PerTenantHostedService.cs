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
    private readonly List<IHostedService> _running = [];
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
        IHostedService[] running;
        lock (_gate)
        {
            _stopped = true;
            running = [.. _running];
        }

        _watch?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running.Select(service => service.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _stopping.Dispose();
        foreach (var service in _running.OfType<IDisposable>())
        {
            service.Dispose();
        }
    }

    private void Start(string tenant)
    {
        IHostedService service;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

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

            _running.Add(service);
        }

        // A tenant added at run time is added from whatever flow the caller is in (a request of some tenant, perhaps):
        // the service must not inherit it.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => service.StartAsync(_stopping.Token));
        }
    }
}
