using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// One service as an application configures it: the in-memory event store (with its outbox and inbox), messaging
/// owning one domain, a manual clock and a recording transport. Resolves what the tests drive.
/// </summary>
internal sealed class ShopHost : IAsyncDisposable
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private ShopHost(ServiceProvider services, ManualTimeProvider clock, RecordingTransport transport)
    {
        Services = services;
        Clock = clock;
        Transport = transport;
    }

    public ServiceProvider Services { get; }

    public ManualTimeProvider Clock { get; }

    public RecordingTransport Transport { get; }

    public IWhizbang Whizbang => Services.GetRequiredService<IWhizbang>();

    public IMessageStore Store => Services.GetRequiredService<IMessageStore>();

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public OutboxRelay Relay => Services.GetRequiredService<OutboxRelay>();

    public IncomingMessageProcessor Processor => Services.GetRequiredService<IncomingMessageProcessor>();

    public MessagingOptions Options => Services.GetRequiredService<MessagingOptions>();

    /// <summary>The shop: service "shop", owning domain "Shop".</summary>
    public static ShopHost Shop(Action<MessagingOptions>? messaging = null, Action<WhizbangBuilder>? configure = null, ManualTimeProvider? clock = null)
        => Create("shop", "Shop", messaging, configure, clock);

    /// <summary>The warehouse: service "warehouse", owning domain "Warehouse".</summary>
    public static ShopHost Warehouse(Action<MessagingOptions>? messaging = null, Action<WhizbangBuilder>? configure = null, ManualTimeProvider? clock = null)
        => Create("warehouse", "Warehouse", messaging, configure, clock);

    /// <summary>A second replica of <paramref name="host"/>'s service over the same message store, with a transport of its own.</summary>
    public static ShopHost ReplicaOf(ShopHost host, Action<MessagingOptions>? messaging = null)
    {
        var store = host.Store;
        return Create(host.Options.ServiceName, host.Options.OwnedDomains.Single(), messaging, b => b.Services.Replace(ServiceDescriptor.Singleton(store)), host.Clock);
    }

    /// <summary>
    /// Service <paramref name="serviceName"/> built on <paramref name="registry"/>, as an application whose project declares
    /// its domains with <c>[assembly: OwnsDomain]</c>: messaging names the service and calls no <c>Own</c> of its own.
    /// </summary>
    public static ShopHost Declaring(HandlerRegistry registry, string serviceName, Action<MessagingOptions>? messaging = null)
        => Create(serviceName, domain: null, messaging, configure: null, clock: null, registry);

    private static ShopHost Create(
        string serviceName, string? domain, Action<MessagingOptions>? messaging, Action<WhizbangBuilder>? configure, ManualTimeProvider? clock, HandlerRegistry? registry = null)
    {
        clock ??= new ManualTimeProvider(ManualTimeProvider.Start) { AdvanceOnDelay = true };
        var transport = new RecordingTransport();
        void Configure(WhizbangBuilder b)
        {
            b.UseInMemoryEventStore().UseMessaging(ShopJson.Default, m =>
            {
                m.ServiceName = serviceName;
                if (domain is not null)
                {
                    m.Own(domain);
                }

                m.RetryDelay = RetryDelay;
                messaging?.Invoke(m);
            });
            configure?.Invoke(b);
        }

        void Register(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock).AddSingleton<IMessageTransport>(transport);
        var services = registry is null ? TestServices.Build(Configure, Register) : Build(registry, Configure, Register);
        return new ShopHost(services, clock, transport);
    }

    /// <summary>What <see cref="TestServices.Build"/> does, with <paramref name="registry"/> in place of this assembly's generated one.</summary>
    private static ServiceProvider Build(HandlerRegistry registry, Action<WhizbangBuilder> configure, Action<IServiceCollection> services)
    {
        var collection = new ServiceCollection().AddSingleton<Probe>().AddScoped<ScopeMarker>();
        services(collection);
        return WhizbangServiceCollectionExtensions.AddWhizbang(collection, registry, configure)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Relays batch after batch until one acknowledges nothing; returns everything the transport acknowledged so far.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> RelayAllAsync()
    {
        while (await Relay.RelayBatchAsync() > 0)
        {
        }

        return Transport.Delivered;
    }

    public string NameOf<TMessage>() => Services.GetRequiredService<IMessageCatalog>().Find(typeof(TMessage))!.Name;

    /// <summary>Every event of a stream with its stored envelope.</summary>
    public async Task<List<(RecordedEvent Event, MessageEnvelope Envelope)>> ReadAsync(StreamId stream)
    {
        var serializer = Services.GetRequiredService<EventSerializer>();
        var events = new List<(RecordedEvent, MessageEnvelope)>();
        await foreach (var e in Events.ReadStreamAsync(stream))
        {
            events.Add((e, serializer.DeserializeEnvelope(e)!));
        }

        return events;
    }

    /// <summary>A message as a transport would receive it from the sender's outbox.</summary>
    public static IncomingMessage Received(OutboxMessage sent, string? source = null)
        => new(source ?? sent.Destination + "/0@1", sent.Payload, EnvelopeOf(sent));

    /// <summary>A message of another service, with a fresh envelope in <paramref name="tenant"/>.</summary>
    public IncomingMessage Incoming<TMessage>(TMessage message, string tenant = MessageEnvelope.DefaultTenant, string? traceParent = null)
        where TMessage : notnull
        => new("test.topic/0@1", JsonSerializer.SerializeToUtf8Bytes(message, typeof(TMessage), ShopJson.Default), NewEnvelope(NameOf<TMessage>(), tenant, traceParent));

    public static MessageEnvelope NewEnvelope(string messageName, string tenant = MessageEnvelope.DefaultTenant, string? traceParent = null) => new()
    {
        MessageId = Guid.CreateVersion7(),
        MessageName = messageName,
        CorrelationId = Guid.CreateVersion7(),
        CausationId = Guid.CreateVersion7(),
        TenantId = tenant,
        UserId = "warehouse-clerk",
        Timestamp = ManualTimeProvider.Start,
        TraceParent = traceParent,
    };

    public static MessageEnvelope EnvelopeOf(OutboxMessage message)
        => JsonSerializer.Deserialize(message.Envelope.Span, EnvelopeJson.Default.MessageEnvelope)!;

    public static TMessage PayloadOf<TMessage>(OutboxMessage message)
        => (TMessage)JsonSerializer.Deserialize(message.Payload.Span, typeof(TMessage), ShopJson.Default)!;

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
