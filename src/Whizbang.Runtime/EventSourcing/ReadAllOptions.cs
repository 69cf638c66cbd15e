namespace Whizbang.EventSourcing;

/// <summary>Which events <see cref="IEventStore.ReadAllAsync"/> returns, in global order.</summary>
public sealed record ReadAllOptions
{
    /// <summary>Return events after this position (a checkpoint: the last event's <see cref="RecordedEvent.Position"/>).</summary>
    public GlobalPosition After { get; init; }

    /// <summary>Only events with one of these names; null or empty for every event.</summary>
    public IReadOnlyCollection<string>? EventNames { get; init; }

    /// <summary>Only events stored at or after this time (for backfills); null for no bound.</summary>
    public DateTimeOffset? FromTimestamp { get; init; }

    /// <summary>The most events to return; 0 returns none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxCount
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxCount), value, "The most events to return is 0 or more.");
    } = int.MaxValue;
}
