using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>
/// Applies events to one projection's documents in memory: the part shared by the background runner (documents of
/// any generation, read from storage) and inline updates (documents read in the append's transaction).
/// </summary>
internal abstract class ProjectionApplier(string name, IReadOnlyList<string> eventNames, ProjectionOptions options)
{
    private readonly HashSet<string> _eventNames = new(eventNames, StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>The stored names of the events the projection applies.</summary>
    public IReadOnlyList<string> EventNames { get; } = eventNames;

    public ProjectionOptions Options { get; } = options;

    /// <summary>True when the projection applies <paramref name="e"/> (its name, and its time when backfilling from a timestamp).</summary>
    public bool Applies(RecordedEvent e) => _eventNames.Contains(e.EventName) && !(e.Timestamp < Options.FromTimestamp);

    /// <summary>
    /// Applies <paramref name="events"/> to fresh copies of their documents, as <paramref name="load"/> returns them;
    /// stops at the first event that throws.
    /// </summary>
    public abstract ValueTask<ApplyAttempt> ApplyAsync(IReadOnlyList<RecordedEvent> events, DocumentLoader load, CancellationToken cancellationToken);
}
