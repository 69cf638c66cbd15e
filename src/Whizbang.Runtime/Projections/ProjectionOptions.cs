namespace Whizbang.Projections;

/// <summary>How a projection is run. Set with <c>ConfigureProjections</c> (every projection) or <c>ConfigureProjection(name, ...)</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>
    /// Whether appends update the projection in their own transaction (<see cref="ProjectionMode.Inline"/>) or a
    /// background worker does shortly after (<see cref="ProjectionMode.Async"/>, the default).
    /// </summary>
    public ProjectionMode Mode { get; set; } = ProjectionMode.Async;

    /// <summary>The most events applied and committed in one transaction (1 to 10,000).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a caught-up worker waits before it looks for new events again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a worker's claim on a projection lasts without renewal. A worker renews it before every batch; when
    /// the worker dies, another replica takes over once it expires. 100 ms to one day.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop (the default) or skip when an event still fails after <see cref="MaxRetries"/>.</summary>
    public ProjectionFailureMode OnFailure { get; set; } = ProjectionFailureMode.Stop;

    /// <summary>How many times a failing event is retried before <see cref="OnFailure"/> applies (0 to 100).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Only events stored at or after this time are applied: a backfill from a timestamp. Null for every event.</summary>
    public DateTimeOffset? FromTimestamp { get; set; }

    internal ProjectionOptions Validated(string projection)
    {
        Check(Enum.IsDefined(Mode), nameof(Mode), "Async or Inline");
        Check(BatchSize is >= 1 and <= 10_000, nameof(BatchSize), "1 to 10,000");
        Check(PollInterval > TimeSpan.Zero, nameof(PollInterval), "positive");
        Check(LeaseDuration >= TimeSpan.FromMilliseconds(100) && LeaseDuration <= Storage.ProjectionStorageArguments.MaxLeaseDuration, nameof(LeaseDuration), "100 ms to one day");
        Check(Enum.IsDefined(OnFailure), nameof(OnFailure), "Stop or Skip");
        Check(MaxRetries is >= 0 and <= 100, nameof(MaxRetries), "0 to 100");
        Check(RetryDelay >= TimeSpan.Zero, nameof(RetryDelay), "zero or positive");
        return this;

        void Check(bool valid, string option, string expected)
        {
            if (!valid)
            {
                throw new InvalidOperationException($"Projection '{projection}': {option} must be {expected}.");
            }
        }
    }
}
