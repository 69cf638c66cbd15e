using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>How one generation of a projection is doing.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="Generation">The generation (a rebuild in progress shows as a second, building one).</param>
/// <param name="Status">Live or building.</param>
/// <param name="State">Running, failed or paused.</param>
/// <param name="Checkpoint">The position of the last event applied (for an inline projection's live generation: where it went live; appends keep it current since).</param>
/// <param name="EventsBehind">How many of its events the store holds after the checkpoint.</param>
/// <param name="TimeBehind">How long ago the oldest of those was stored; zero when caught up.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="LeaseOwner">The worker processing it, if any.</param>
/// <param name="UpdatedAt">When its checkpoint or state last changed.</param>
/// <param name="Tenant">
/// The tenant whose schema or database holds the generation, when each tenant has its own (each projects its own
/// events); null when tenants share tables and one generation projects every tenant's events.
/// </param>
public sealed record ProjectionStatus(
    string Projection,
    int Generation,
    GenerationStatus Status,
    ProjectionRunState State,
    GlobalPosition Checkpoint,
    long EventsBehind,
    TimeSpan TimeBehind,
    string? Error,
    string? LeaseOwner,
    DateTimeOffset UpdatedAt,
    string? Tenant = null);
