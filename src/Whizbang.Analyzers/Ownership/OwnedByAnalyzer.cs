using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Ownership;

/// <summary>Every concrete message type names the domain that owns it with a non-empty <c>[OwnedBy]</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OwnedByAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.MissingOwnedBy, WhizbangAnalyzerDiagnostics.EmptyOwnedBy);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var message = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.IMessage");
            var ownedBy = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.OwnedByAttribute");
            if (message is null || ownedBy is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, message, ownedBy), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol message, INamedTypeSymbol ownedBy)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || !type.AllInterfaces.Contains(message, SymbolEqualityComparer.Default))
        {
            return;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ownedBy))
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string domain && domain.Trim().Length > 0)
                {
                    return;
                }

                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
                context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.EmptyOwnedBy, location, type.ToDisplayString()));
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.MissingOwnedBy, type.Locations[0], type.ToDisplayString()));
    }
}
