using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>A projection the generator completes: everything the emitter writes, nothing it has to look up.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="Namespace">The namespace to reopen, or null for the global namespace.</param>
/// <param name="ContainingTypes">Types it is nested in, outermost first.</param>
/// <param name="ClassName">Its simple name.</param>
/// <param name="ProjectionName">Its stable name, the key of its checkpoints and documents.</param>
/// <param name="DocumentTypeName">The <c>TDocument</c> it builds, fully qualified.</param>
/// <param name="ApplyCases">One case per event type with a Create or Apply method, most derived first so no case hides another.</param>
/// <param name="DocumentIdCases">One case per event type with a DocumentId method, most derived first.</param>
/// <param name="HandledEvents">The event types of its Create and Apply methods, from which <paramref name="EventTypes"/> is resolved.</param>
/// <param name="EventTypes">The concrete event types it reads, sorted; empty until resolved against the events the compilation knows.</param>
internal sealed record ProjectionModel(
    string TypeName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassName,
    string ProjectionName,
    string DocumentTypeName,
    EquatableArray<ProjectionCaseModel> ApplyCases,
    EquatableArray<DocumentIdCaseModel> DocumentIdCases,
    EquatableArray<HandledEventModel> HandledEvents,
    EquatableArray<string> EventTypes);
