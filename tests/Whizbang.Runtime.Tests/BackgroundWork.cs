using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Whizbang.Runtime.Tests;

/// <summary>Runs a test while a container's hosted services (projection daemons, outbox relays, purges) work in the background.</summary>
internal static class BackgroundWork
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts every hosted service of <paramref name="services"/>, runs <paramref name="test"/>, then stops them. Stopping
    /// is given 30 s, so a service that does not stop cannot hang the run.
    /// </summary>
    public static async Task RunAsync(IServiceProvider services, Func<Task> test)
    {
        var workers = services.GetServices<IHostedService>().ToList();
        Assert.NotEmpty(workers);
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        try
        {
            await test();
        }
        finally
        {
            using var deadline = new CancellationTokenSource(StopTimeout);
            foreach (var worker in workers)
            {
                await worker.StopAsync(deadline.Token);
            }
        }
    }
}
