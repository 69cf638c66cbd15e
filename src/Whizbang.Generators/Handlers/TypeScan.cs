using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>What one type declaration contributes: a message, handlers, an aggregate or a projection, and problems with it alone.</summary>
internal sealed record TypeScan(
    MessageModel? Message,
    EquatableArray<HandlerModel> Handlers,
    AggregateRegistrationModel? Aggregate,
    ProjectionRegistrationModel? Projection,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsEmpty => Message is null && Handlers.Count == 0 && Aggregate is null && Projection is null && Diagnostics.Count == 0;
}
