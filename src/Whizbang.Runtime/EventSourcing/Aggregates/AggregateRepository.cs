using Whizbang.Diagnostics;
using Whizbang.Tenancy;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>The repository registered for every generated aggregate; <paramref name="tenant"/> null means the ambient tenant.</summary>
internal sealed class AggregateRepository<TAggregate>(EventSourcingServices services, UnitOfWork unitOfWork, string? tenant) : IRepository<TAggregate>
    where TAggregate : Aggregate, IAggregate<TAggregate>
{
    public string Tenant => tenant ?? EventSourcingServices.AmbientTenant;

    public async ValueTask<TAggregate?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        var stream = AggregateStreams.For<TAggregate>(Tenant, id);
        var aggregate = await services.LoadAsync<TAggregate>(stream, id, cancellationToken).ConfigureAwait(false);
        if (aggregate is not null)
        {
            unitOfWork.Add(aggregate);
        }

        return aggregate;
    }

    public TAggregate Create(string id)
    {
        var stream = AggregateStreams.For<TAggregate>(Tenant, id);
        var aggregate = TAggregate.Create();
        aggregate.Attach(stream, id);
        unitOfWork.Add(aggregate);
        return aggregate;
    }

    public async ValueTask SaveAsync(TAggregate aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (!aggregate.IsAttached)
        {
            aggregate.Attach(AggregateStreams.For<TAggregate>(Tenant, aggregate.Id), aggregate.Id);
        }

        if (aggregate.UncommittedEvents.Count == 0)
        {
            return;
        }

        using var activity = EventSourcingActivities.StartSave(TAggregate.AggregateName, aggregate.Stream, aggregate.UncommittedEvents.Count);
        try
        {
            var events = services.ToEventData(aggregate, Guid.CreateVersion7());
            var result = await services.Store.AppendAsync(aggregate.Stream, ExpectedVersion.Exactly(aggregate.Version), events, cancellationToken).ConfigureAwait(false);
            aggregate.MarkCommitted(result.Version);
        }
        catch (Exception e)
        {
            DispatchActivities.RecordFailure(activity, e);
            throw;
        }
    }

    public IRepository<TAggregate> ForTenant(string tenant)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        TenantContext.EnsureAccess(tenant, "use the repository of", typeof(TAggregate).Name);
        return new AggregateRepository<TAggregate>(services, unitOfWork, tenant);
    }
}
