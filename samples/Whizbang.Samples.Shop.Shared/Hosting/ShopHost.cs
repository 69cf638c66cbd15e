using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Whizbang.Hosting;
using Whizbang.Samples.Shop.Contracts;

namespace Whizbang.Samples.Shop.Hosting;

/// <summary>What every shop service has in common: a host, its own SQLite database, the shop's messages over Kafka.</summary>
public static class ShopHost
{
    /// <summary>A host for <paramref name="service"/> that logs warnings and errors only, so the sample's own lines stand out.</summary>
    public static HostApplicationBuilder CreateBuilder(string service)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = service });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new ServiceConsole(service));
        return builder;
    }

    /// <summary>
    /// Event sourcing on the service's SQLite file, authorization, and distributed messaging: the service owns the
    /// domains its project declares (<c>[assembly: OwnsDomain]</c>), runs their commands, and exchanges everything else
    /// through Kafka. It creates the topics it owns or consumes when they are missing.
    /// </summary>
    public static WhizbangBuilder UseShopService(this WhizbangBuilder whizbang, string service, ShopServiceSettings settings)
        => whizbang
            .UseAuthorization()
            .UseEventSourcing(ShopJson.Default)
            .UseSqliteEventStore($"Data Source={settings.DatabasePath}")
            .UseMessaging(ShopJson.Default, messaging => messaging.ServiceName = service)
            .UseKafka(kafka =>
            {
                kafka.BootstrapServers = settings.BootstrapServers;
                kafka.CreateTopics = true;
            });
}
