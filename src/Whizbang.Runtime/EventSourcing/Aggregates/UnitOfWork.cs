using Whizbang.Diagnostics;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>The scoped <see cref="IUnitOfWork"/>: tracks aggregates by reference and commits them in one multi-stream append.</summary>
internal sealed class UnitOfWork(EventSourcingServices services) : IUnitOfWork
{
    private readonly List<Aggregate> _tracked = [];
    private readonly HashSet<Aggregate> _seen = new(ReferenceEqualityComparer.Instance);

    public bool HasChanges => _tracked.Exists(a => a.UncommittedEvents.Count > 0);

    public void Track<TAggregate>(TAggregate aggregate) where TAggregate : Aggregate, IAggregate<TAggregate>
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (!aggregate.IsAttached)
        {
            aggregate.Attach(AggregateStreams.For<TAggregate>(EventSourcingServices.AmbientTenant, aggregate.Id), aggregate.Id);
        }

        Add(aggregate);
    }

    internal void Add(Aggregate aggregate)
    {
        if (_seen.Add(aggregate))
        {
            _tracked.Add(aggregate);
        }
    }

    public async ValueTask<int> CommitAsync(CancellationToken cancellationToken = default)
    {
        var pending = _tracked.FindAll(a => a.UncommittedEvents.Count > 0);
        if (pending.Count == 0)
        {
            return 0;
        }

        var streams = new HashSet<StreamId>();
        foreach (var aggregate in pending)
        {
            if (!streams.Add(aggregate.Stream))
            {
                throw new InvalidOperationException(
                    $"Two tracked instances of aggregate '{aggregate.GetType().Name}' for stream '{aggregate.Stream}' both have uncommitted events; " +
                    "load an aggregate once per unit of work. Nothing was written.");
            }
        }

        var count = pending.Sum(a => a.UncommittedEvents.Count);
        using var activity = EventSourcingActivities.StartCommit(pending.Count, count);
        try
        {
            var correlationId = Guid.CreateVersion7();
            var appends = new StreamAppend[pending.Count];
            for (var i = 0; i < pending.Count; i++)
            {
                appends[i] = new StreamAppend(pending[i].Stream, ExpectedVersion.Exactly(pending[i].Version), services.ToEventData(pending[i], correlationId));
            }

            var results = await services.Store.AppendAsync(appends, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < pending.Count; i++)
            {
                pending[i].MarkCommitted(results[i].Version);
            }

            return count;
        }
        catch (Exception e)
        {
            DispatchActivities.RecordFailure(activity, e);
            throw;
        }
    }
}
