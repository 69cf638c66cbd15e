using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// An aggregate type the generator found: its stable name and owning domain. The generated registry lists one
/// <see cref="AggregateDescriptor{TAggregate}"/> per aggregate, and <c>AddWhizbang</c> registers its repository.
/// </summary>
public abstract class AggregateDescriptor
{
    private protected AggregateDescriptor(Type aggregateType, string name, string? owningDomain)
    {
        AggregateType = aggregateType;
        Name = name;
        OwningDomain = owningDomain;
    }

    /// <summary>The aggregate's CLR type.</summary>
    public Type AggregateType { get; }

    /// <summary>Its stable name, the prefix of its stream ids.</summary>
    public string Name { get; }

    /// <summary>The domain from <c>[OwnedBy]</c> on the aggregate, or null.</summary>
    public string? OwningDomain { get; }

    /// <summary>Registers <see cref="IRepository{TAggregate}"/> for the aggregate (scoped) unless already registered.</summary>
    internal abstract void AddRepository(IServiceCollection services);
}
