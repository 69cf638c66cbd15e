namespace Whizbang.Projections;

/// <summary>When a projection's documents are updated.</summary>
public enum ProjectionMode
{
    /// <summary>
    /// By a background worker reading the store's global order, shortly after the append (eventually consistent).
    /// A failing event is retried, then stops or is skipped, as <see cref="ProjectionOptions.OnFailure"/> says.
    /// </summary>
    Async,

    /// <summary>
    /// In the append's own transaction (strongly consistent): once an append returns, its documents are updated;
    /// when the projection throws, the append fails and nothing is written. Needs the projection storage in the
    /// event store's database. Backfills and rebuilds still run in the background, then switch over atomically.
    /// </summary>
    Inline,
}
