using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>The whole handler set of an application: what the emitter writes, nothing it has to look up.</summary>
/// <param name="OwnedDomains">From <c>[assembly: OwnsDomain]</c>, sorted; empty when the application declares none.</param>
internal sealed record RegistryModel(
    string RegistryName,
    EquatableArray<string> OwnedDomains,
    EquatableArray<MessageModel> Messages,
    EquatableArray<RouteModel> Routes,
    EquatableArray<AggregateRegistrationModel> Aggregates,
    EquatableArray<ProjectionRegistrationModel> Projections,
    EquatableArray<DiagnosticInfo> Diagnostics);
