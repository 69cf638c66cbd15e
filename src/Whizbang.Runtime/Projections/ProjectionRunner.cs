using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Runs one projection's batches; the worker decides when and for which generation.</summary>
internal abstract class ProjectionRunner(string name, IReadOnlyList<string> eventNames, ProjectionOptions options)
{
    public string Name { get; } = name;

    /// <summary>The stored names of the events the projection applies.</summary>
    public IReadOnlyList<string> EventNames { get; } = eventNames;

    public ProjectionOptions Options { get; } = options;

    /// <summary>What the projection reads after <paramref name="checkpoint"/>.</summary>
    public ReadAllOptions Reading(GlobalPosition checkpoint, int maxCount) => new()
    {
        After = checkpoint,
        EventNames = EventNames,
        FromTimestamp = Options.FromTimestamp,
        MaxCount = maxCount,
    };

    /// <summary>Applies the next batch after the generation's checkpoint and commits it, fenced by <paramref name="owner"/>'s lease.</summary>
    public abstract ValueTask<BatchOutcome> RunBatchAsync(ProjectionGeneration generation, string owner, CancellationToken cancellationToken);
}
