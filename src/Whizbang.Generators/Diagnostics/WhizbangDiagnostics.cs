using Microsoft.CodeAnalysis;

namespace Whizbang.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are assigned by hand and never reused.</summary>
internal static class WhizbangDiagnostics
{
    private const string Category = "Whizbang.Generator";

    public static readonly DiagnosticDescriptor NoHandler = Create(
        "WHIZ001",
        "Command or query has no handler",
        "'{0}' is a {1} but no handler for it was found in this project or its references; sending it throws NoHandlerException",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MultipleHandlers = Create(
        "WHIZ002",
        "Command or query has more than one handler",
        "'{0}' is a {1} and must have exactly one handler, but has {2}: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HandlerNotConstructible = Create(
        "WHIZ003",
        "Handler cannot be constructed",
        "Handler '{0}' cannot be used because it {1}; it is left out of the dispatch table",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateMessageName = Create(
        "WHIZ004",
        "Two messages share a name",
        "Messages '{0}' and '{1}' are both named '{2}'; give one a distinct [MessageName]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AmbiguousMessageKind = Create(
        "WHIZ005",
        "Message implements more than one message contract",
        "'{0}' implements {1}; a message must be exactly one of a command, a command with one result type, a query or an event",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMessageName = Create(
        "WHIZ006",
        "Message name is not valid",
        "[MessageName(\"{1}\")] on '{0}' is not a valid message name: use 1 to 200 characters, without whitespace or control characters",
        DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: $"https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/{id}.md");
}
