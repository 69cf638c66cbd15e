using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Projections;

/// <summary>The contract in process memory, its leases on a clock the tests move.</summary>
public sealed class InMemoryProjectionStorageConformance : ProjectionStorageConformance
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryProjectionStorageConformance() => Storage = new InMemoryProjectionStorage(_clock);

    protected override IProjectionStorage Storage { get; }

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration + TimeSpan.FromTicks(1));
        return Task.CompletedTask;
    }
}
