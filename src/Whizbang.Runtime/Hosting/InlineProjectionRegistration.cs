using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Hosting;

/// <summary>Wraps the chosen event store so that appends update inline projections in their own transaction.</summary>
internal static class InlineProjectionRegistration
{
    public static IEventStore Wrap(IEventStore store, IServiceProvider provider, IReadOnlyList<string> inlineProjections)
    {
        var storage = provider.GetRequiredService<ProjectionServices>().Storage;
        if (store is not IInlineProjectionHost host || !host.SharesTransactionsWith(storage))
        {
            throw new InvalidOperationException(
                $"Projection{(inlineProjections.Count == 1 ? "" : "s")} {string.Join(", ", inlineProjections.Select(p => $"'{p}'"))} "
                + $"{(inlineProjections.Count == 1 ? "is" : "are")} inline, but {store.GetType().Name} cannot write {storage.GetType().Name}'s documents in its "
                + "transactions. Keep the projection storage in the event store's database (UseInMemoryEventStore, UseSqliteEventStore and "
                + "UsePostgresEventStore choose it), or make the projections async.");
        }

        return new InlineProjectingEventStore(store, host, new InlineProjections(provider.GetServices<ProjectionApplier>()));
    }
}
