using Microsoft.CodeAnalysis;

namespace Whizbang.Analyzers;

/// <summary>Every diagnostic the analyzers report. IDs are assigned by hand: WHIZ1xx ownership and routing.</summary>
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
}
