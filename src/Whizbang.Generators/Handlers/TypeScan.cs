using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>What one type declaration contributes: a message, handlers, and problems with it alone.</summary>
internal sealed record TypeScan(
    MessageModel? Message,
    EquatableArray<HandlerModel> Handlers,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsEmpty => Message is null && Handlers.Count == 0 && Diagnostics.Count == 0;
}
