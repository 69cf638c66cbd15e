using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>What one type declaration contributes to projections: a projection to complete, an event they may read, problems.</summary>
/// <param name="Projection">The projection to emit, or null (not a projection, abstract, generic, or not completable).</param>
/// <param name="Document">The document the projection stores, for the serialization check.</param>
/// <param name="Event">The type itself when it is a concrete event, so projections over base types and interfaces find it.</param>
internal sealed record ProjectionScan(
    ProjectionModel? Projection,
    DocumentUseModel? Document,
    EventTypeModel? Event,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsEmpty => Projection is null && Document is null && Event is null && Diagnostics.Count == 0;
}
