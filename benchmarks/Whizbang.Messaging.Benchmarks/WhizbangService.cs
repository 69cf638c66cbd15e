using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.Kafka;
using Whizbang.Postgres;
using Whizbang.Transport;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// One Whizbang service as an application configures it: a generic host, <c>AddWhizbang</c> with the PostgreSQL store
/// in a schema of its own (its database), messaging and Kafka; the hosted workers (relay, consumer) run once
/// <see cref="StartWorkersAsync"/> is called.
/// </summary>
internal sealed class WhizbangService : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private WhizbangService(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IWhizbang Whizbang => _host.Services.GetRequiredService<IWhizbang>();

    public static WhizbangService Create(string connectionString, string bootstrapServers, string name, string domain, ServiceTuning tuning)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<DeliveryProbe>();
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.AddWhizbang(b => b
            .UsePostgresEventStore(new PostgresEventStoreOptions { Schema = Schemas.Of(name) })
            .UseMessaging(BenchmarkJson.Default, m =>
            {
                m.ServiceName = name;
                m.Own(domain);
                if (tuning == ServiceTuning.LowLatency)
                {
                    // Local writes wake the relay at once anyway; the poll only finds other processes' writes.
                    m.RelayPollInterval = TimeSpan.FromMilliseconds(10);
                }
            })
            .UseKafka(k =>
            {
                k.BootstrapServers = bootstrapServers;
                k.Consume = tuning != ServiceTuning.SendOnly;
                if (tuning == ServiceTuning.LowLatency)
                {
                    k.ConfigureProducer = p => p.LingerMs = 0;
                    k.ConfigureConsumer = c => c.FetchWaitMaxMs = LowLatency.FetchWaitMaxMs;
                }
            }));
        return new WhizbangService(builder.Build());
    }

    /// <summary>Starts the hosted workers: the outbox relay, the purge and, unless the service only sends, the Kafka consumer.</summary>
    public async Task StartWorkersAsync()
    {
        await _host.StartAsync();
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync();
        }

        _host.Dispose();
    }
}
