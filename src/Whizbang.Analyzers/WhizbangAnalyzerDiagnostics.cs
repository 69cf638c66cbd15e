using Microsoft.CodeAnalysis;

namespace Whizbang.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. IDs are assigned by hand and never reused: WHIZ1xx are the analyzers'
/// checks of one message declaration (ownership, permissions, immutability).
/// </summary>
internal static class WhizbangAnalyzerDiagnostics
{
    public static readonly DiagnosticDescriptor MissingOwnedBy = new(
        "WHIZ101",
        "Message does not declare its owning domain",
        "Message '{0}' has no [OwnedBy(\"...\")]; declare the domain that owns it so it can be routed to the right service",
        "Whizbang.Ownership",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ101.md");

    public static readonly DiagnosticDescriptor EmptyOwnedBy = new(
        "WHIZ102",
        "Owning domain is empty",
        "[OwnedBy] on '{0}' names no domain; use a non-empty domain name such as \"Orders\"",
        "Whizbang.Ownership",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ102.md");

    public static readonly DiagnosticDescriptor MissingPermission = new(
        "WHIZ103",
        "Command or query declares no permission",
        "{1} '{0}' declares neither [RequiresPermission(\"...\")] nor [PublicMessage]; declare the permission a caller needs, or mark it [PublicMessage] if anyone may send it",
        "Whizbang.Authorization",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ103.md");

    public static readonly DiagnosticDescriptor MutableEvent = new(
        "WHIZ104",
        "Event is mutable",
        "Event '{0}' is mutable: {1}; an event records a fact and must not change once raised",
        "Whizbang.Events",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ104.md");
}
