using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>The whole handler set of an application: what the emitter writes, nothing it has to look up.</summary>
internal sealed record RegistryModel(
    string RegistryName,
    EquatableArray<MessageModel> Messages,
    EquatableArray<RouteModel> Routes,
    EquatableArray<AggregateRegistrationModel> Aggregates,
    EquatableArray<ProjectionRegistrationModel> Projections,
    EquatableArray<DiagnosticInfo> Diagnostics);
