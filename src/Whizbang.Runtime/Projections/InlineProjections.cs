using Whizbang.EventSourcing;

namespace Whizbang.Projections;

/// <summary>The application's inline projections, found by the names of the events they apply.</summary>
internal sealed class InlineProjections
{
    private readonly Dictionary<string, ProjectionApplier[]> _byEventName;

    public InlineProjections(IEnumerable<ProjectionApplier> appliers)
    {
        var inline = appliers.Where(a => a.Options.Mode == ProjectionMode.Inline).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        _byEventName = inline
            .SelectMany(a => a.EventNames.Select(name => (Name: name, Applier: a)))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Applier).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The projector for the inline projections <paramref name="appends"/> concern, in name order; null when none.
    /// Null parts and events are passed over: the event store refuses them.
    /// </summary>
    public InlineProjector? For(IReadOnlyList<StreamAppend>? appends)
    {
        SortedSet<ProjectionApplier>? concerned = null;
        foreach (var append in appends ?? [])
        {
            foreach (var e in append?.Events ?? [])
            {
                if (e?.EventName is { } name && _byEventName.TryGetValue(name, out var appliers))
                {
                    concerned ??= new SortedSet<ProjectionApplier>(Comparer<ProjectionApplier>.Create(static (a, b) => string.CompareOrdinal(a.Name, b.Name)));
                    concerned.UnionWith(appliers);
                }
            }
        }

        return concerned is null ? null : new InlineProjector([.. concerned]);
    }
}
