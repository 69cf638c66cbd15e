namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// Loads and saves one aggregate type. Scoped: every aggregate it loads or creates joins the scope's
/// <see cref="IUnitOfWork"/>. The tenant is the current dispatch's (<c>DispatchContext.Current</c>), else
/// <see cref="StreamId.DefaultTenant"/>; <see cref="ForTenant"/> names another one explicitly.
/// </summary>
/// <typeparam name="TAggregate">The aggregate type. Registered for every aggregate the generator found.</typeparam>
public interface IRepository<TAggregate> where TAggregate : Aggregate
{
    /// <summary>The tenant this repository reads and writes.</summary>
    string Tenant { get; }

    /// <summary>Rebuilds the aggregate from its stream by applying every event in order; null when the stream does not exist.</summary>
    /// <exception cref="ArgumentException">The id is empty, whitespace, contains control characters or is too long.</exception>
    /// <exception cref="Serialization.EventSerializationException">A stored event cannot be read back.</exception>
    ValueTask<TAggregate?> LoadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A new aggregate with <paramref name="id"/> and no events, tracked by the unit of work. Nothing is written until it is saved.</summary>
    /// <exception cref="ArgumentException">The id is empty, whitespace, contains control characters or is too long.</exception>
    TAggregate Create(string id);

    /// <summary>
    /// Appends the aggregate's uncommitted events to its stream, expecting the stream at <see cref="Aggregate.Version"/>
    /// (no stream for a new aggregate); then clears them and advances the version. Does nothing without uncommitted events.
    /// </summary>
    /// <exception cref="ConcurrencyException">Someone else appended to the stream since it was loaded; nothing was written.</exception>
    /// <exception cref="Serialization.EventSerializationException">An event cannot be serialized; nothing was written.</exception>
    ValueTask SaveAsync(TAggregate aggregate, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same repository for another tenant: a cross-tenant access, refused unless the code runs for no tenant, for
    /// that same tenant, or inside a <see cref="Tenancy.CrossTenantAccess"/> grant. Code for one tenant opens a
    /// <see cref="Tenancy.TenantScope"/> instead.
    /// </summary>
    /// <exception cref="ArgumentException">The tenant is empty, too long or contains control characters.</exception>
    /// <exception cref="Tenancy.CrossTenantAccessException">The code runs for another tenant and holds no grant.</exception>
    [Tenancy.TenantAgnostic]
    IRepository<TAggregate> ForTenant(string tenant);
}
