using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>The descriptor of <typeparamref name="TAggregate"/>; created by generated code.</summary>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
public sealed class AggregateDescriptor<TAggregate> : AggregateDescriptor
    where TAggregate : Aggregate, IAggregate<TAggregate>
{
    /// <summary>Creates the descriptor.</summary>
    /// <param name="owningDomain">The domain from <c>[OwnedBy]</c> on the aggregate, or null.</param>
    public AggregateDescriptor(string? owningDomain)
        : base(typeof(TAggregate), TAggregate.AggregateName, owningDomain)
    {
    }

    internal override void AddRepository(IServiceCollection services)
        => services.TryAddScoped<IRepository<TAggregate>>(static services => new AggregateRepository<TAggregate>(
            services.GetRequiredService<EventSourcingServices>(), services.GetRequiredService<UnitOfWork>(), tenant: null));
}
