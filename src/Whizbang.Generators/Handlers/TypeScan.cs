using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>What one type declaration contributes: a message, handlers, an aggregate, and problems with it alone.</summary>
internal sealed record TypeScan(
    MessageModel? Message,
    EquatableArray<HandlerModel> Handlers,
    AggregateRegistrationModel? Aggregate,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsEmpty => Message is null && Handlers.Count == 0 && Aggregate is null && Diagnostics.Count == 0;
}
