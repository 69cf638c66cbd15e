using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;

namespace Whizbang.Tenancy;

/// <summary>
/// The stores of one place where data is kept apart (one tenant's schema or database): its events, its projections'
/// documents and checkpoints, and its outbox and inbox. The three share transactions, as a driver's
/// <c>UseXxxEventStore</c> stores do.
/// </summary>
/// <param name="Events">The event store of the place.</param>
/// <param name="Projections">The projection storage in the same schema or database.</param>
/// <param name="Messages">The outbox and inbox in the same schema or database.</param>
public sealed record TenantStores(IEventStore Events, IProjectionStorage Projections, IMessageStore Messages);
