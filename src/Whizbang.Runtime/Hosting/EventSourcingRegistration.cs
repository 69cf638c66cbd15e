using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;

namespace Whizbang.Hosting;

/// <summary>
/// Registers the event-sourcing services. Repositories are registered for every generated aggregate even when
/// event sourcing is not configured, so that resolving one fails with a message saying what to call.
/// </summary>
internal static class EventSourcingRegistration
{
    public static void Add(IServiceCollection services, HandlerRegistry registry, WhizbangOptions options)
    {
        if (options.EventJsonResolvers.Count == 0 && registry.Aggregates.Count == 0 && registry.Projections.Count == 0)
        {
            return;
        }

        services.TryAddSingleton(provider => CreateSerializer(options, provider.GetRequiredService<IMessageCatalog>()));
        services.TryAddSingleton(static provider => new EventSourcingServices(
            provider.GetService<IEventStore>() ?? throw new InvalidOperationException(
                "Event sourcing has no event store: call AddWhizbang(b => b.UseInMemoryEventStore()), a driver's UseXxxEventStore(...) or UseEventStore(store)."),
            provider.GetRequiredService<EventSerializer>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddScoped(static provider => new UnitOfWork(provider.GetRequiredService<EventSourcingServices>()));
        services.TryAddScoped<IUnitOfWork>(static provider => provider.GetRequiredService<UnitOfWork>());
        foreach (var aggregate in registry.Aggregates)
        {
            aggregate.AddRepository(services);
        }
    }

    private static EventSerializer CreateSerializer(WhizbangOptions options, IMessageCatalog catalog)
    {
        var resolvers = options.EventJsonResolvers;
        if (resolvers.Count == 0)
        {
            throw new InvalidOperationException(
                "Event sourcing is not configured: call AddWhizbang(b => b.UseEventSourcing(YourJsonContext.Default)) with the JsonSerializerContext that lists your events.");
        }

        if (resolvers.Count == 1)
        {
            return new EventSerializer(resolvers[0], catalog);
        }

        var first = resolvers.OfType<JsonSerializerContext>().FirstOrDefault();
        var combined = JsonTypeInfoResolver.Combine([.. resolvers]);
        var jsonOptions = first is null ? new JsonSerializerOptions() : new JsonSerializerOptions(first.Options);
        jsonOptions.TypeInfoResolver = combined;
        return new EventSerializer(jsonOptions, catalog);
    }
}
