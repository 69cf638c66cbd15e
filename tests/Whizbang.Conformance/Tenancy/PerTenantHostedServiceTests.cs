using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Whizbang.Tenancy;

namespace Whizbang.Conformance.Tenancy;

/// <summary>
/// The background work run once per tenant (projection daemons, outbox relays, purges): every tenant's service starts,
/// one that fails is logged and leaves the others running, and stopping never overtakes a start still on its way.
/// </summary>
public sealed class PerTenantHostedServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryTenant_KnownAtStartOrAddedLater_GetsItsServiceStarted_AndStopped()
    {
        var tenants = new InMemoryTenantStores().Add("acme");
        var services = new Dictionary<string, RecordingService>();
        using var perTenant = new PerTenantHostedService(tenants, "The test work", t => services[t] = new RecordingService(), new RecordingLogger());

        await perTenant.StartAsync(CancellationToken.None);
        tenants.Add("globex");
        await Task.WhenAll(services.Values.Select(s => s.Started.Task.WaitAsync(Timeout)));
        await perTenant.StopAsync(CancellationToken.None);
        tenants.Add("initech"); // after the stop: nothing starts for it

        Assert.Equal(["acme", "globex"], services.Keys.Order());
        Assert.All(services.Values, s => Assert.Equal(["start", "stop"], s.Calls));
    }

    [Fact]
    public async Task ATenantWhoseServiceFailsToStart_IsLogged_AndTheOthersRun()
    {
        var tenants = new InMemoryTenantStores().Add("acme").Add("globex");
        var log = new RecordingLogger();
        var good = new RecordingService();
        using var perTenant = new PerTenantHostedService(
            tenants, "The test work", t => t == "acme" ? new RecordingService(fail: new InvalidOperationException("acme's database is down")) : good, log);

        await perTenant.StartAsync(CancellationToken.None);
        await good.Started.Task.WaitAsync(Timeout);
        await perTenant.StopAsync(CancellationToken.None); // the failed service is not stopped, and the stop does not throw

        Assert.Equal(["start", "stop"], good.Calls);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(4001, entry.Id);
        Assert.Contains("acme", entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Error);
    }

    [Fact]
    public async Task StoppingWhileAServiceIsStillStarting_StopsItOnlyOnceItHasStarted()
    {
        var tenants = new InMemoryTenantStores().Add("acme");
        var slow = new RecordingService(release: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var perTenant = new PerTenantHostedService(tenants, "The test work", _ => slow, new RecordingLogger());
        await perTenant.StartAsync(CancellationToken.None);
        await slow.Entered.Task.WaitAsync(Timeout);

        var stopping = perTenant.StopAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted);
        Assert.Equal(["start"], slow.Calls);

        slow.Release!.SetResult();
        await stopping.WaitAsync(Timeout);
        Assert.Equal(["start", "started", "stop"], slow.Calls);
    }

    private sealed class RecordingService(Exception? fail = null, TaskCompletionSource? release = null) : IHostedService
    {
        private readonly List<string> _calls = [];

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? Release => release;

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Record("start");
            Entered.SetResult();
            if (fail is not null)
            {
                throw fail;
            }

            if (release is not null)
            {
                await release.Task;
                Record("started");
            }

            Started.SetResult();
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Record("stop");
            return Task.CompletedTask;
        }

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<(int Id, string Message, Exception? Error)> _entries = [];

        public IReadOnlyList<(int Id, string Message, Exception? Error)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}
