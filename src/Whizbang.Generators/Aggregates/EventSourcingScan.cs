using Whizbang.Generators.Serialization;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>What one type declaration contributes to event sourcing: an aggregate to complete, events to check, problems.</summary>
/// <param name="Aggregate">The aggregate to emit, or null (not an aggregate, abstract, or not generatable).</param>
/// <param name="Events">Event types it declares or that its Apply methods and Raise calls use, for the serialization check.</param>
internal sealed record EventSourcingScan(
    AggregateModel? Aggregate,
    EquatableArray<EventUseModel> Events,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsEmpty => Aggregate is null && Events.Count == 0 && Diagnostics.Count == 0;
}
