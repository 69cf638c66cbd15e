using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Authorization;

/// <summary>
/// A message is either public or protected by permissions, not both: the authorization stage lets a
/// <c>[PublicMessage]</c> through without looking at its <c>[RequiresPermission]</c>s. Reported on the
/// <c>[PublicMessage]</c> attribute, which the code fix removes (keeping the permissions is the safer reading).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PublicMessageWithPermissionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.PublicMessageWithPermission);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var requiresPermission = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.RequiresPermissionAttribute");
            var publicMessage = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.PublicMessageAttribute");
            if (requiresPermission is null || publicMessage is null)
            {
                return; // not a Whizbang compilation, or a runtime without the authorization attributes
            }

            start.RegisterSymbolAction(c => Analyze(c, requiresPermission, publicMessage), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol requiresPermission, INamedTypeSymbol publicMessage)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes();
        var hasPermission = false;
        foreach (var attribute in attributes)
        {
            hasPermission |= SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, requiresPermission);
        }

        if (!hasPermission)
        {
            return;
        }

        foreach (var attribute in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, publicMessage))
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
                context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.PublicMessageWithPermission, location, type.ToDisplayString()));
            }
        }
    }
}
