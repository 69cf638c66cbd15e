using JasperFx.Core.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Kafka;
using Wolverine.Postgresql;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// One Wolverine service: a generic host with <c>UseWolverine</c>, its PostgreSQL message store (inbox and outbox) in a
/// schema of its own and its Kafka transport. Sales publishes <see cref="WolverineReserveStock"/> to a Kafka topic
/// through its durable outbox; Stock listens to that topic through its durable inbox.
/// </summary>
internal sealed class WolverineService : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _dataSource;

    private WolverineService(IHost host, NpgsqlDataSource dataSource, string schema)
    {
        _host = host;
        _dataSource = dataSource;
        Schema = schema;
    }

    public IServiceProvider Services => _host.Services;

    public string Schema { get; }

    public NpgsqlDataSource DataSource => _dataSource;

    public static async Task<WolverineService> StartAsync(string connectionString, string bootstrapServers, bool sales, ServiceTuning tuning)
    {
        var name = sales ? "wolverine-sales" : "wolverine-stock";
        var schema = Schemas.Of(name.Replace('-', '_'));
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<DeliveryProbe>();
        builder.UseWolverine(opts =>
        {
            opts.ServiceName = name;
            // BenchmarkDotNet runs this code from a generated entry assembly: name the real one, and list the handlers.
            opts.ApplicationAssembly = typeof(WolverineService).Assembly;
            opts.Discovery.DisableConventionalDiscovery();
            // One node per service: no leader election or agent distribution between nodes.
            opts.Durability.Mode = DurabilityMode.Solo;
            opts.PersistMessagesWithPostgresql(dataSource, schema);

            // No AutoProvision: the admin API's topic calls time out on the mock cluster, whose topics the run creates.
            var kafka = opts.UseKafka(bootstrapServers).UseIdempotentProducer();
            if (tuning == ServiceTuning.LowLatency)
            {
                kafka.ConfigureProducers(p => p.LingerMs = 0);
                kafka.ConfigureConsumers(c => c.FetchWaitMaxMs = LowLatency.FetchWaitMaxMs);
            }

            if (sales)
            {
                var publishing = opts.PublishMessage<WolverineReserveStock>().ToKafkaTopic(Topics.WolverineStockCommands).UseDurableOutbox();
                if (tuning == ServiceTuning.LowLatency)
                {
                    // The durable sender waits up to 250 ms (its default) for a batch to fill before it produces.
                    publishing.MessageBatchTimeout(TimeSpan.FromMilliseconds(1));
                }
            }
            else
            {
                opts.Discovery.IncludeType(typeof(WolverineReserveStockHandler));
                opts.ListenToKafkaTopic(Topics.WolverineStockCommands).UseDurableInbox();
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new WolverineService(host, dataSource, schema);
    }

    /// <summary>A message context whose outgoing messages are stored in <paramref name="transaction"/> (Wolverine's outbox with plain Npgsql).</summary>
    public async Task<MessageContext> EnlistAsync(NpgsqlTransaction transaction)
    {
        var context = new MessageContext(_host.Services.GetRequiredService<IWolverineRuntime>());
        await context.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction(context.Storage.As<IMessageDatabase>(), transaction));
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _dataSource.DisposeAsync();
    }
}
