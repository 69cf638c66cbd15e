namespace Whizbang.Runtime.Tests.Projections;

/// <summary>A clock for the event store's timestamps that moves only when told (not for delays: they would never end).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
