using System.Diagnostics;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Tenancy;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>What repositories and units of work share (one per container): the store, the serializer and the clock.</summary>
internal sealed class EventSourcingServices(IEventStore store, EventSerializer serializer, TimeProvider clock)
{
    public IEventStore Store { get; } = store;

    /// <summary>The tenant of the open tenant scope or running dispatch, else the default tenant.</summary>
    public static string AmbientTenant => TenantContext.CurrentTenant ?? StreamId.DefaultTenant;

    public async ValueTask<TAggregate?> LoadAsync<TAggregate>(StreamId stream, string id, CancellationToken cancellationToken)
        where TAggregate : Aggregate, IAggregate<TAggregate>
    {
        TAggregate? aggregate = null;
        await foreach (var recorded in Store.ReadStreamAsync(stream, 1, cancellationToken).ConfigureAwait(false))
        {
            if (aggregate is null)
            {
                aggregate = TAggregate.Create();
                aggregate.Attach(stream, id);
            }

            aggregate.Replay(serializer.Deserialize(recorded), recorded.Version);
        }

        return aggregate;
    }

    /// <summary>
    /// The aggregate's uncommitted events ready to append, each with its envelope: a new message id, the current
    /// dispatch's correlation and user, the dispatching message as causation, the stream's tenant.
    /// </summary>
    public EventData[] ToEventData(Aggregate aggregate, Guid correlationId)
    {
        var context = DispatchContext.Current?.Envelope;
        var events = aggregate.UncommittedEvents;
        var data = new EventData[events.Count];
        var now = clock.GetUtcNow();
        var crossTenantReason = TenantContext.CrossTenantReason;
        for (var i = 0; i < events.Count; i++)
        {
            var serialized = serializer.Serialize(events[i]);
            var envelope = new MessageEnvelope
            {
                MessageId = Guid.CreateVersion7(now),
                MessageName = serialized.Name,
                CorrelationId = context?.CorrelationId ?? correlationId,
                CausationId = context?.MessageId,
                TenantId = aggregate.Stream.Tenant,
                UserId = context?.UserId,
                CrossTenantReason = crossTenantReason,
                Timestamp = now,
                TraceParent = Activity.Current?.Id ?? context?.TraceParent,
            };
            data[i] = new EventData(envelope.MessageId, serialized.Name, serialized.Data, serializer.SerializeEnvelope(envelope));
        }

        return data;
    }
}
