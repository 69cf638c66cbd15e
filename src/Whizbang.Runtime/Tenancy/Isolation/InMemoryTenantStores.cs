using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;

namespace Whizbang.Tenancy;

/// <summary>
/// A database per tenant, in memory: each tenant gets its own <see cref="InMemoryEventStore"/>, projection storage and
/// message store. For tests and development of applications that keep tenants in separate databases; nothing survives the process.
/// </summary>
public sealed class InMemoryTenantStores : TenantStoreCatalogue
{
    private readonly TimeProvider? _clock;

    /// <summary>Creates an empty catalogue whose stores read <paramref name="clock"/> (the system clock when null).</summary>
    public InMemoryTenantStores(TimeProvider? clock = null)
        : base(TenantIsolation.DatabasePerTenant, () => Create(clock))
        => _clock = clock;

    /// <summary>Gives <paramref name="tenant"/> stores of its own.</summary>
    /// <exception cref="ArgumentException">The tenant id is not valid, or the tenant is known already.</exception>
    public InMemoryTenantStores Add(string tenant)
    {
        Register(tenant, () => Create(_clock));
        return this;
    }

    private static TenantStores Create(TimeProvider? clock)
    {
        var events = new InMemoryEventStore(clock);
        return new TenantStores(events, new InMemoryProjectionStorage(clock, events), new InMemoryMessageStore(clock, events));
    }
}
