using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Hosting;
using Whizbang.Messaging;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>What every projection's runner and store are built from, resolved once.</summary>
internal sealed class ProjectionServices(IServiceProvider services, WhizbangOptions options)
{
    public IProjectionStorage Storage { get; } = services.GetService<IProjectionStorage>() ?? throw new InvalidOperationException(
        "Projections have no storage: call AddWhizbang(b => b.UseInMemoryEventStore()), a driver's UseXxxEventStore(...), or register an IProjectionStorage.");

    public ProjectionApplier CreateApplier<TDocument>(Projection<TDocument> projection)
        where TDocument : class
    {
        var catalog = services.GetRequiredService<IMessageCatalog>();
        var eventNames = projection.EventTypes
            .Select(type => catalog.Find(type) is { Kind: MessageKind.Event } descriptor
                ? descriptor.Name
                : throw new InvalidOperationException($"Projection '{projection.Name}' applies {type.FullName}, which is not an event the generator found."))
            .ToArray();
        return new ProjectionApplier<TDocument>(
            projection,
            eventNames,
            options.ProjectionOptionsFor(projection.Name),
            services.GetRequiredService<EventSerializer>(),
            DocumentJson<TDocument>(projection.Name));
    }

    public ProjectionRunner CreateRunner(ProjectionApplier applier) => CreateRunner(
        applier,
        services.GetService<IEventStore>() ?? throw new InvalidOperationException(
            "Projections have no event store: call AddWhizbang(b => b.UseInMemoryEventStore()), a driver's UseXxxEventStore(...) or UseEventStore(store)."),
        Storage);

    /// <summary>A runner over the given stores: one tenant's, when each tenant has its own schema or database.</summary>
    public ProjectionRunner CreateRunner(ProjectionApplier applier, IEventStore events, IProjectionStorage storage) => new(
        applier,
        events,
        storage,
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Whizbang.Projections"));

    public ProjectionStore<TDocument> CreateStore<TDocument>(string projection)
        where TDocument : class
        => new(projection, Storage, DocumentJson<TDocument>(projection), tenant: null);

    private JsonTypeInfo<TDocument> DocumentJson<TDocument>(string projection)
        => services.GetRequiredService<EventSerializer>().TypeInfoFor(typeof(TDocument)) as JsonTypeInfo<TDocument>
            ?? throw new InvalidOperationException(
                $"Projection '{projection}' stores {typeof(TDocument).FullName}, which is missing from the JsonSerializerContext given to UseEventSourcing: add [JsonSerializable(typeof({typeof(TDocument).Name}))] to it.");
}
