using Microsoft.Extensions.Hosting;

namespace Whizbang.Hosting;

/// <summary>
/// One kind of background work, registered once per container under its own type whatever runs it: the
/// <typeparamref name="TWork"/> service over tables that tenants share, or a <c>PerTenantHostedService</c> running one per
/// tenant. Which it is becomes known only when the container creates the stores.
/// </summary>
internal sealed class HostedWork<TWork>(IHostedService chosen) : IHostedService, IDisposable
    where TWork : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => chosen.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => chosen.StopAsync(cancellationToken);

    public void Dispose() => (chosen as IDisposable)?.Dispose();
}
