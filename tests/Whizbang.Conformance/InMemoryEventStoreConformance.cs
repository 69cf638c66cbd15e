using Whizbang.EventSourcing;

namespace Whizbang.Conformance;

public sealed class InMemoryEventStoreConformance : EventStoreConformance
{
    protected override IEventStore Store { get; } = new InMemoryEventStore();
}
