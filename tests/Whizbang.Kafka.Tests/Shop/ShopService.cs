using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Kafka.Tests.Shop;

/// <summary>
/// One service of a test, as its own container with its hosted workers running: the outbox relay and the Kafka
/// consumer. Replicas of a service share its stores (<see cref="ShopStores"/>) and its consumer group.
/// </summary>
public sealed class ShopService : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _workers;

    private ShopService(ServiceProvider services, bool runWorkers)
    {
        _services = services;
        _workers = runWorkers ? [.. services.GetServices<IHostedService>()] : [];
    }

    public IServiceProvider Services => _services;

    public IWhizbang Whizbang => _services.GetRequiredService<IWhizbang>();

    public IMessageStore Messages => _services.GetRequiredService<IMessageStore>();

    public IEventStore Events => _services.GetRequiredService<IEventStore>();

    public static async Task<ShopService> StartAsync(
        KafkaTestCluster kafka, string topicPrefix, string name, string domain, ShopStores stores, Observations observations,
        Action<MessagingOptions>? messaging = null, Action<KafkaOptions>? configureKafka = null, bool runWorkers = true)
    {
        var services = new ServiceCollection()
            .AddSingleton(observations)
            .AddWhizbang(b => b
                .UseEventStore(stores.Events)
                .UseMessaging(ShopJson.Default, m =>
                {
                    m.ServiceName = name;
                    m.Own(domain);
                    m.CommandTopic = d => $"{topicPrefix}.{d.ToLowerInvariant()}.commands";
                    m.EventTopic = d => $"{topicPrefix}.{d.ToLowerInvariant()}.events";
                    m.RelayPollInterval = TimeSpan.FromMilliseconds(20);
                    m.RetryDelay = TimeSpan.FromMilliseconds(20);
                    messaging?.Invoke(m);
                })
                .UseKafka(k =>
                {
                    k.BootstrapServers = kafka.BootstrapServers;
                    k.ErrorDelay = TimeSpan.FromMilliseconds(100);
                    configureKafka?.Invoke(k);
                    var configureConsumer = k.ConfigureConsumer;
                    k.ConfigureConsumer = c =>
                    {
                        c.GroupId = $"{topicPrefix}.{name}"; // the tests share one cluster: a group of their own each
                        c.SessionTimeoutMs = 6_000;
                        c.HeartbeatIntervalMs = 500;
                        configureConsumer?.Invoke(c);
                    };
                }));
        services.AddSingleton<IMessageStore>(stores.Messages);
        var service = new ShopService(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), runWorkers);
        foreach (var worker in service._workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        return service;
    }

    /// <summary>Waits until the consumer owns partitions, so what is produced from now on reaches it.</summary>
    public async Task WaitUntilConsumingAsync()
    {
        var consumer = _services.GetRequiredService<Kafka.KafkaConsumerService>();
        await Eventually.True(() => consumer.IsAssigned, "the consumer was assigned partitions");
    }

    /// <summary>Stops the workers as a host would (the consumer leaves its group).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Reverse())
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}

/// <summary>The database of one service: events and messages, shared by its replicas.</summary>
public sealed class ShopStores
{
    public ShopStores()
    {
        Events = new InMemoryEventStore();
        Messages = new InMemoryMessageStore(events: Events);
    }

    public InMemoryEventStore Events { get; }

    public InMemoryMessageStore Messages { get; }
}
