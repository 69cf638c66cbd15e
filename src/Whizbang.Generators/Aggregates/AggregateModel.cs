using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>An aggregate the generator completes: everything the emitter writes, nothing it has to look up.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="Namespace">The namespace to reopen, or null for the global namespace.</param>
/// <param name="ContainingTypes">Types it is nested in, outermost first.</param>
/// <param name="ClassName">Its simple name.</param>
/// <param name="AggregateName">Its stable name, the prefix of its stream ids.</param>
/// <param name="ApplyEventTypes">The parameter types of its Apply methods, most derived first so no case hides another.</param>
internal sealed record AggregateModel(
    string TypeName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassName,
    string AggregateName,
    EquatableArray<string> ApplyEventTypes);
