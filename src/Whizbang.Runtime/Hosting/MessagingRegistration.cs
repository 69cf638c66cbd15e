using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Hosting;

/// <summary>
/// Registers distributed messaging when <c>UseMessaging</c> was called: the router, the outbox writer, the processor
/// of received messages, the relay (once a transport is registered) and the purge, and the event store decorator
/// that publishes appended events.
/// </summary>
internal static class MessagingRegistration
{
    public static void Add(IServiceCollection services, HandlerRegistry registry, WhizbangOptions options)
    {
        if (options.Messaging is not { } messaging)
        {
            return;
        }

        var handledHere = registry.CreateRoutes(options.HandlerLifetime).Select(r => r.MessageType).ToArray();
        // The service owns what its project declares ([assembly: OwnsDomain], listed by the generated registry) and what Own(...) adds.
        services.TryAddSingleton(_ => messaging.WithDeclaredDomains(registry.OwnedDomains).Validated());
        services.TryAddSingleton(provider => new MessageRouter(provider.GetRequiredService<MessagingOptions>(), provider.GetRequiredService<IMessageCatalog>(), handledHere));
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton(static provider => new OutboxWriter(
            provider.GetRequiredService<MessageRouter>(),
            provider.GetRequiredService<EventSerializer>(),
            provider.GetService<IMessageStore>() ?? throw new InvalidOperationException(
                "Messaging has no outbox: its event store driver keeps one (UseInMemoryEventStore, UseSqliteEventStore, UsePostgresEventStore); " +
                "with a custom event store, register an IMessageStore whose writes share its transactions."),
            provider.GetRequiredService<OutboxSignal>(),
            Clock(provider)));
        services.TryAddSingleton(static provider => new IncomingMessageProcessor(
            (WhizbangDispatcher)provider.GetRequiredService<IWhizbang>(),
            provider.GetRequiredService<IMessageCatalog>(),
            provider.GetRequiredService<EventSerializer>(),
            provider.GetRequiredService<OutboxWriter>(),
            Clock(provider),
            Logger<IncomingMessageProcessor>(provider)));
        services.TryAddSingleton(static provider => new OutboxRelay(
            provider.GetRequiredService<OutboxWriter>().Store,
            Transport(provider),
            provider.GetRequiredService<MessagingOptions>(),
            Clock(provider),
            Logger<OutboxRelay>(provider)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostedWork<OutboxRelayService>>(static provider =>
            new HostedWork<OutboxRelayService>(provider.GetRequiredService<OutboxWriter>().Store is TenantRoutedMessageStore routed
                ? new PerTenantHostedService(routed.Tenants, "The outbox relay", tenant => RelayService(provider, tenant, new OutboxRelay(
                    routed.Tenants.StoresOf(tenant).Messages, Transport(provider), provider.GetRequiredService<MessagingOptions>(), Clock(provider), Logger<OutboxRelay>(provider))),
                    Logger<OutboxRelayService>(provider))
                : RelayService(provider, tenant: null, provider.GetRequiredService<OutboxRelay>()))));
        // The purge of a routed store covers the home store and every tenant's.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MessageStorePurgeService>(static provider => new MessageStorePurgeService(
            provider.GetRequiredService<OutboxWriter>().Store, provider.GetRequiredService<MessagingOptions>(), Clock(provider),
            Logger<MessageStorePurgeService>(provider))));
    }

    private static OutboxRelayService RelayService(IServiceProvider provider, string? tenant, OutboxRelay relay) => new(
        relay, provider.GetRequiredService<OutboxSignal>(), tenant, provider.GetRequiredService<MessagingOptions>(), Clock(provider), Logger<OutboxRelayService>(provider));

    private static IMessageTransport Transport(IServiceProvider provider) => provider.GetService<IMessageTransport>() ?? throw new InvalidOperationException(
        "Messaging has no transport to relay the outbox to: add one, for example AddWhizbang(b => b.UseKafka(...)).");

    /// <summary>Wraps the chosen store so that appended events of owned domains are published through the outbox.</summary>
    public static IEventStore Wrap(IEventStore store, IServiceProvider provider, WhizbangOptions options)
        => options.Messaging is null ? store
            : new OutboxForwardingEventStore(store, provider.GetRequiredService<OutboxWriter>(), provider.GetRequiredService<IMessageCatalog>());

    private static TimeProvider Clock(IServiceProvider provider) => provider.GetService<TimeProvider>() ?? TimeProvider.System;

    private static ILogger<T> Logger<T>(IServiceProvider provider) => provider.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
