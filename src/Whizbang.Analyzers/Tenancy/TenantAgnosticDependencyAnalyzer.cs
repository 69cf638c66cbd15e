using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Tenancy;

/// <summary>
/// A handler of a tenant-scoped message (one not marked <c>[CrossTenant]</c>) does not take a service that reaches every
/// tenant: a constructor parameter (a primary constructor's too) whose type is marked <c>[TenantAgnostic]</c>, or derives
/// from or implements such a type (<c>IEventStore</c>, <c>IProjectionStorage</c>, <c>IProjectionManager</c>, and the
/// application's own). Reported on the parameter.
/// </summary>
/// <remarks>
/// A handler of several messages is reported when any of them is tenant-scoped, naming the first. Only the parameter's
/// own type is checked: a tenant-agnostic service wrapped in another type (<c>Lazy&lt;IEventStore&gt;</c>) is not seen.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TenantAgnosticDependencyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.TenantAgnosticHandlerDependency);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = TenancySymbols.From(start.Compilation);
            if (symbols is null)
            {
                return; // not a Whizbang compilation, or a runtime without the tenancy attributes
            }

            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, TenancySymbols symbols)
    {
        var handler = (INamedTypeSymbol)context.Symbol;
        if (handler.TypeKind is not (TypeKind.Class or TypeKind.Struct) || TenantScopedMessage(handler, symbols) is not { } message)
        {
            return;
        }

        foreach (var constructor in handler.InstanceConstructors)
        {
            if (constructor.IsImplicitlyDeclared)
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Type is INamedTypeSymbol type && ReachesEveryTenant(type, symbols) && parameter.Locations.Length > 0 && parameter.Locations[0].IsInSource)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        WhizbangAnalyzerDiagnostics.TenantAgnosticHandlerDependency,
                        parameter.Locations[0],
                        handler.ToDisplayString(),
                        message.ToDisplayString(),
                        type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                }
            }
        }
    }

    /// <summary>The first message <paramref name="handler"/> handles that is not marked <c>[CrossTenant]</c>, or null.</summary>
    private static INamedTypeSymbol? TenantScopedMessage(INamedTypeSymbol handler, TenancySymbols symbols)
    {
        foreach (var message in symbols.HandledMessages(handler))
        {
            if (!symbols.IsCrossTenant(message))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>The type, a base class or an interface it implements is marked <c>[TenantAgnostic]</c>.</summary>
    private static bool ReachesEveryTenant(INamedTypeSymbol type, TenancySymbols symbols)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (symbols.IsTenantAgnostic(current.OriginalDefinition))
            {
                return true;
            }
        }

        foreach (var contract in type.AllInterfaces)
        {
            if (symbols.IsTenantAgnostic(contract.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
