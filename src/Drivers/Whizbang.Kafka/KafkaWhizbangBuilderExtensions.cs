using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whizbang.Hosting;
using Whizbang.Kafka;
using Whizbang.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses Kafka as the transport of distributed messaging inside <c>AddWhizbang(b => ...)</c>.</summary>
public static class KafkaWhizbangBuilderExtensions
{
    /// <summary>
    /// Sends the outbox to Kafka (<see cref="KafkaTransport"/>) and consumes this service's command and event topics
    /// (<see cref="KafkaConsumerService"/>, a hosted service). Call <c>UseMessaging</c> too: it names the service and
    /// the domains it owns.
    /// </summary>
    /// <example><c>b.UseMessaging(ShopJson.Default, m => { m.ServiceName = "orders"; m.Own("Orders"); }).UseKafka(k => k.BootstrapServers = "localhost:9092")</c></example>
    public static WhizbangBuilder UseKafka(this WhizbangBuilder builder, Action<KafkaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new KafkaOptions();
        configure(options);
        builder.Services.Replace(ServiceDescriptor.Singleton(options));
        builder.Services.TryAddSingleton(static provider => new KafkaTransport(provider.GetRequiredService<KafkaOptions>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageTransport>(static provider => provider.GetRequiredService<KafkaTransport>()));
        builder.Services.TryAddSingleton(static provider => new KafkaConsumerService(
            provider.GetService<IncomingMessageProcessor>() ?? throw new InvalidOperationException(
                "Kafka needs distributed messaging: call AddWhizbang(b => b.UseMessaging(jsonContext, m => { m.ServiceName = ...; m.Own(...); }).UseKafka(...))."),
            provider.GetRequiredService<KafkaOptions>(),
            provider.GetRequiredService<MessagingOptions>(),
            provider.GetRequiredService<KafkaTransport>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILogger<KafkaConsumerService>>() ?? NullLogger<KafkaConsumerService>.Instance));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KafkaConsumerService>(static provider => provider.GetRequiredService<KafkaConsumerService>()));
        return builder;
    }
}
