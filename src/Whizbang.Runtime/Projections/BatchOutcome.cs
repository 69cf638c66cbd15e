namespace Whizbang.Projections;

/// <summary>What one batch of a projection worker came to.</summary>
internal enum BatchOutcome
{
    /// <summary>Events were applied (or skipped) and committed; there may be more.</summary>
    Applied,

    /// <summary>No event after the checkpoint: the generation is up to date.</summary>
    CaughtUp,

    /// <summary>The commit's fence did not hold: another worker owns the generation now, or it changed state.</summary>
    LostLease,

    /// <summary>An event failed after its retries and the projection stopped on it.</summary>
    Stopped,
}
