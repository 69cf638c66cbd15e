using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>
/// What a worker writes after a batch, in one transaction: document changes, the checkpoint's move from
/// <see cref="From"/> to <see cref="To"/>, failures, and optionally the generation's activation. Fenced: it applies
/// only while <see cref="Owner"/> holds an unexpired lease on the generation and the stored checkpoint still equals
/// <see cref="From"/>, so a worker that lost its lease can never apply a batch twice.
/// </summary>
public sealed record ProjectionCommit
{
    /// <summary>The projection's name.</summary>
    public required string Projection { get; init; }

    /// <summary>The generation written.</summary>
    public required int Generation { get; init; }

    /// <summary>The worker's lease owner id.</summary>
    public required string Owner { get; init; }

    /// <summary>The checkpoint the batch started from; the commit fails when the stored one differs.</summary>
    public required GlobalPosition From { get; init; }

    /// <summary>The new checkpoint: the last event of the batch.</summary>
    public required GlobalPosition To { get; init; }

    /// <summary>Document changes in order (a later change to the same key wins).</summary>
    public IReadOnlyList<DocumentWrite> Writes { get; init; } = [];

    /// <summary>Events the batch could not apply, to record.</summary>
    public IReadOnlyList<ProjectionFailure> Failures { get; init; } = [];

    /// <summary>
    /// The run state after the commit (<see cref="ProjectionRunState.Failed"/> with <see cref="Error"/> to stop on a
    /// poison event). <see cref="ProjectionRunState.Running"/>, the default, leaves the stored state as it is, so an
    /// operator's pause made while the batch ran holds.
    /// </summary>
    public ProjectionRunState State { get; init; } = ProjectionRunState.Running;

    /// <summary>The error recorded with a <see cref="ProjectionRunState.Failed"/> state.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Makes this (building) generation live in the same transaction: the live one becomes retired and its documents
    /// are deleted, so readers switch from the old documents to the new ones at once.
    /// </summary>
    public bool Activate { get; init; }

    /// <summary>
    /// For an inline projection (whose live generation appends update): the event names it applies. The storage then
    /// activates only when the event store holds no such event after <see cref="To"/>, checked while inline appends
    /// wait, so an append made during the switch is never missed; otherwise the batch commits and the generation keeps
    /// building. Null for an async projection.
    /// </summary>
    public IReadOnlyList<string>? InlineEventNames { get; init; }
}
