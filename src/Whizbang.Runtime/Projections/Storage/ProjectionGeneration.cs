using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>The stored state of one generation of a projection.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="Generation">The generation number: 1 for the first, one more for each rebuild.</param>
/// <param name="Status">Building, live or retired.</param>
/// <param name="Checkpoint">The position of the last event applied (or skipped); documents reflect every event up to it.</param>
/// <param name="State">Running, failed or paused.</param>
/// <param name="Error">Why the generation failed, when it did.</param>
/// <param name="LeaseOwner">The worker holding the generation's lease, if any (possibly expired).</param>
/// <param name="LeaseExpires">When that lease expires.</param>
/// <param name="UpdatedAt">When the checkpoint or state last changed.</param>
public sealed record ProjectionGeneration(
    string Projection,
    int Generation,
    GenerationStatus Status,
    GlobalPosition Checkpoint,
    ProjectionRunState State,
    string? Error,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpires,
    DateTimeOffset UpdatedAt);
