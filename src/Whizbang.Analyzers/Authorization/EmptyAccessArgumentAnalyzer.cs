using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Authorization;

/// <summary>
/// <c>[RequiresPermission]</c> names a permission and <c>[CrossTenant]</c> gives a reason: neither argument may be
/// null, empty or whitespace. Reported on the attribute.
/// </summary>
/// <remarks>
/// An empty permission is a claim nobody is given, so the message can never be sent; an empty reason makes the
/// dispatch's <c>CrossTenantAccess.Begin</c> throw. An argument the compiler already rejects (not a constant) is left
/// to the compiler's error.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyAccessArgumentAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.EmptyAccessArgument);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var requiresPermission = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.RequiresPermissionAttribute");
            var crossTenant = start.Compilation.GetTypeByMetadataName("Whizbang.Tenancy.CrossTenantAttribute");
            if (requiresPermission is null && crossTenant is null)
            {
                return; // not a Whizbang compilation
            }

            start.RegisterSymbolAction(c => Analyze(c, requiresPermission, crossTenant), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol? requiresPermission, INamedTypeSymbol? crossTenant)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (var attribute in type.GetAttributes())
        {
            if (Describe(attribute.AttributeClass, requiresPermission, crossTenant) is not { } what
                || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error
                || !string.IsNullOrWhiteSpace(attribute.ConstructorArguments[0].Value as string))
            {
                continue;
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
            context.ReportDiagnostic(Diagnostic.Create(
                WhizbangAnalyzerDiagnostics.EmptyAccessArgument, location, what.Attribute, type.ToDisplayString(), what.Argument, what.Advice));
        }
    }

    /// <summary>The message arguments for one of the two attributes, or null for any other attribute.</summary>
    private static (string Attribute, string Argument, string Advice)? Describe(INamedTypeSymbol? attributeClass, INamedTypeSymbol? requiresPermission, INamedTypeSymbol? crossTenant)
    {
        if (attributeClass is null)
        {
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(attributeClass, requiresPermission))
        {
            return ("RequiresPermission", "permission", "name the permission a caller needs, such as \"orders.place\"");
        }

        if (SymbolEqualityComparer.Default.Equals(attributeClass, crossTenant))
        {
            return ("CrossTenant", "reason", "say why handling it needs other tenants' data, such as \"monthly revenue report\"; the reason is recorded in every envelope");
        }

        return null;
    }
}
