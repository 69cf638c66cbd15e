using Microsoft.CodeAnalysis;

namespace Whizbang.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. IDs are assigned by hand and never reused: WHIZ1xx are the analyzers'
/// checks of one declaration or call site (ownership, permissions, immutability, cross-tenant access).
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

    public static readonly DiagnosticDescriptor CrossTenantCallOutsideScope = new(
        "WHIZ105",
        "Cross-tenant API used outside a cross-tenant scope",
        "'{0}' reaches across tenants and is used outside a cross-tenant scope; call it inside 'using (CrossTenantAccess.Begin(\"reason\"))', in a handler of a message marked [CrossTenant(\"reason\")], or in a method or type marked [TenantAgnostic]",
        "Whizbang.Tenancy",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ105.md");

    public static readonly DiagnosticDescriptor TenantAgnosticHandlerDependency = new(
        "WHIZ106",
        "Handler of a tenant-scoped message takes a tenant-agnostic service",
        "Handler '{0}' of tenant-scoped message '{1}' takes '{2}', which reaches every tenant; take IRepository<T> or IProjectionStore<T> instead, or mark the message [CrossTenant(\"reason\")]",
        "Whizbang.Tenancy",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ106.md");

    public static readonly DiagnosticDescriptor EmptyAccessArgument = new(
        "WHIZ107",
        "Permission or cross-tenant reason is empty",
        "[{0}] on '{1}' has a null, empty or whitespace {2}; {3}",
        "Whizbang.Authorization",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ107.md");

    public static readonly DiagnosticDescriptor PublicMessageWithPermission = new(
        "WHIZ108",
        "Message is both public and permission-protected",
        "'{0}' is marked both [PublicMessage] and [RequiresPermission]: [PublicMessage] wins and none of its permissions is checked; remove [PublicMessage] to require them, or the permissions if anyone may send it",
        "Whizbang.Authorization",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/WHIZ108.md");
}
