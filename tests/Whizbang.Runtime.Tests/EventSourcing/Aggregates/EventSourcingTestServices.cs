using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Hosting;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

/// <summary>A container with event sourcing over a given store, as an application configures it.</summary>
internal static class EventSourcingTestServices
{
    public static ServiceProvider Build(IEventStore store, Action<WhizbangBuilder>? configure = null)
        => TestServices.Build(b =>
        {
            b.UseEventSourcing(TestJsonContext.Default).UseEventStore(store);
            configure?.Invoke(b);
        });

    /// <summary>Every event of a stream, as stored.</summary>
    public static async Task<List<RecordedEvent>> ReadAsync(this IEventStore store, string tenant, string streamId)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(new StreamId(tenant, streamId)))
        {
            events.Add(e);
        }

        return events;
    }
}
