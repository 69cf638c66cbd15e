using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// Turns the event types a projection's methods take into the concrete event types it reads from the store: a method
/// for a base type or an interface reads every event of the compilation and its references deriving from it. Works on
/// models only.
/// </summary>
internal static class ProjectionEventResolver
{
    /// <summary>True when some method takes a type other events may derive from, so the events of the references are needed.</summary>
    public static bool NeedsEventCatalogue(ImmutableArray<ProjectionModel> projections)
        => projections.Any(p => p.HandledEvents.Any(h => h.MayHaveSubtypes));

    public static ProjectionModel Resolve(ProjectionModel projection, ImmutableArray<EventTypeModel> sourceEvents, EquatableArray<EventTypeModel> referenceEvents)
    {
        var read = new SortedSet<string>(System.StringComparer.Ordinal);
        var open = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var handled in projection.HandledEvents)
        {
            if (handled.IsConcrete)
            {
                read.Add(handled.TypeName);
            }

            if (handled.MayHaveSubtypes)
            {
                open.Add(handled.TypeName);
            }
        }

        if (open.Count > 0)
        {
            foreach (var @event in sourceEvents.Concat(referenceEvents))
            {
                if (@event.Supertypes.Any(open.Contains))
                {
                    read.Add(@event.TypeName);
                }
            }
        }

        return projection with { EventTypes = read.ToEquatableArray() };
    }
}
