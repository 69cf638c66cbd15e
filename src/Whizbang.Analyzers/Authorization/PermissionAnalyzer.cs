using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Authorization;

/// <summary>
/// Every concrete command and query says who may send it: <c>[RequiresPermission]</c> or <c>[PublicMessage]</c>.
/// Events are not checked: they are published by the application, not sent by callers.
/// </summary>
/// <remarks>No code fix on purpose: which permission a message needs, or whether it is public, is a security decision.</remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PermissionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.MissingPermission);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var command = compilation.GetTypeByMetadataName("Whizbang.Messaging.ICommand");
            var commandOfT = compilation.GetTypeByMetadataName("Whizbang.Messaging.ICommand`1");
            var queryOfT = compilation.GetTypeByMetadataName("Whizbang.Messaging.IQuery`1");
            var requiresPermission = compilation.GetTypeByMetadataName("Whizbang.Messaging.RequiresPermissionAttribute");
            var publicMessage = compilation.GetTypeByMetadataName("Whizbang.Messaging.PublicMessageAttribute");
            if (command is null || commandOfT is null || queryOfT is null || requiresPermission is null || publicMessage is null)
            {
                return; // not a Whizbang compilation, or a runtime without the authorization attributes
            }

            var symbols = new Symbols(command, commandOfT, queryOfT, requiresPermission, publicMessage);
            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, Symbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract)
        {
            return;
        }

        var kind = KindOf(type, symbols);
        if (kind is null)
        {
            return;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.RequiresPermission)
                || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.PublicMessage))
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.MissingPermission, type.Locations[0], type.ToDisplayString(), kind));
    }

    /// <summary>"Command", "Query", or null for a type that is neither.</summary>
    private static string? KindOf(INamedTypeSymbol type, Symbols symbols)
    {
        var isQuery = false;
        foreach (var contract in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(contract, symbols.Command)
                || SymbolEqualityComparer.Default.Equals(contract.OriginalDefinition, symbols.CommandOfT))
            {
                return "Command";
            }

            isQuery |= SymbolEqualityComparer.Default.Equals(contract.OriginalDefinition, symbols.QueryOfT);
        }

        return isQuery ? "Query" : null;
    }

    private sealed record Symbols(
        INamedTypeSymbol Command,
        INamedTypeSymbol CommandOfT,
        INamedTypeSymbol QueryOfT,
        INamedTypeSymbol RequiresPermission,
        INamedTypeSymbol PublicMessage);
}
