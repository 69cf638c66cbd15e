using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Messaging;

/// <summary>The contract in process memory: the reference the database drivers are held to.</summary>
public sealed class InMemoryMessageStoreConformance : MessageStoreConformance
{
    protected override Task<(IMessageStore Messages, IEventStore Events)> CreateStoresAsync()
    {
        var events = new InMemoryEventStore(Clock);
        _ = new InMemoryProjectionStorage(Clock, events); // lets the store run inline appends
        return Task.FromResult<(IMessageStore, IEventStore)>((new InMemoryMessageStore(Clock, events), events));
    }
}
