using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Serialization;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>Turns one type symbol into an <see cref="EventSourcingScan"/>: its Apply methods, its Raise calls, its problems. Never writes code.</summary>
internal static class AggregateParser
{
    private const string ApplyMethodName = "Apply";
    private const string RaiseMethodName = "Raise";

    public static EventSourcingScan? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
        {
            return null;
        }

        var events = new List<EventUseModel>();
        var diagnostics = new List<DiagnosticInfo>();
        if (!type.IsAbstract && !type.IsGenericType && IsEvent(type))
        {
            events.Add(new EventUseModel(Name(type), IsDeclaration: true, LocationInfo.From(type)));
        }

        var aggregate = type.TypeKind == TypeKind.Class && AggregateRules.DerivesFromAggregate(type)
            ? ParseAggregate(type, compilation, events, diagnostics, cancellationToken)
            : null;

        var scan = new EventSourcingScan(aggregate, events.ToEquatableArray(), diagnostics.ToEquatableArray());
        return scan.IsEmpty ? null : scan;
    }

    private static AggregateModel? ParseAggregate(
        INamedTypeSymbol type, Compilation compilation, List<EventUseModel> events, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var location = LocationInfo.From(type);
        var applyTypes = ParseApplyMethods(type, diagnostics);
        if (type.IsAbstract)
        {
            return null; // a base for other aggregates: its own Apply methods are checked, nothing is generated for it
        }

        foreach (var applied in applyTypes.Where(IsConcrete))
        {
            events.Add(new EventUseModel(Name(applied), IsDeclaration: false, location));
        }

        foreach (var (raised, raiseLocation) in FindRaisedEvents(type, compilation, cancellationToken))
        {
            events.Add(new EventUseModel(Name(raised), IsDeclaration: false, raiseLocation));
            if (!applyTypes.Any(applied => IsAssignableTo(raised, applied)))
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.RaisedEventWithoutApply, raiseLocation,
                    type.ToDisplayString(), raised.ToDisplayString(), raised.Name));
            }
        }

        if (AggregateRules.WhyNotGeneratable(type, cancellationToken) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.AggregateNotGeneratable, location, type.ToDisplayString(), reason));
            return null;
        }

        var name = AggregateRules.NameOf(type, out _);
        if (!AggregateRules.IsValidName(name))
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.InvalidAggregateName, location, type.ToDisplayString(), name));
            return null;
        }

        // A case must come before every case it is assignable to, or the compiler reports it as subsumed.
        var ordered = applyTypes
            .OrderByDescending(t => applyTypes.Count(other => !SymbolEqualityComparer.Default.Equals(t, other) && IsAssignableTo(t, other)))
            .ThenBy(Name, System.StringComparer.Ordinal)
            .Select(Name)
            .ToEquatableArray();

        return new AggregateModel(
            Name(type),
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(type).ToEquatableArray(),
            type.Name,
            name,
            ordered);
    }

    /// <summary>The event types of the valid Apply methods declared on the type itself; invalid ones are reported.</summary>
    private static List<ITypeSymbol> ParseApplyMethods(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ITypeSymbol>();
        foreach (var method in type.GetMembers(ApplyMethodName).OfType<IMethodSymbol>())
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared)
            {
                continue;
            }

            if (WhyInvalid(method) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.InvalidApplyMethod, LocationInfo.From(method),
                    method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), type.ToDisplayString(), reason));
                continue;
            }

            types.Add(method.Parameters[0].Type);
        }

        return types;
    }

    private static string? WhyInvalid(IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return "is static";
        }

        if (method.IsGenericMethod)
        {
            return "is generic";
        }

        if (method.IsAbstract)
        {
            return "is abstract";
        }

        if (!method.ReturnsVoid)
        {
            return $"returns '{method.ReturnType.ToDisplayString()}'";
        }

        if (method.Parameters.Length != 1)
        {
            return $"takes {method.Parameters.Length} parameters";
        }

        var parameter = method.Parameters[0];
        if (parameter.RefKind != RefKind.None)
        {
            return $"takes its event by {parameter.RefKind.ToString().ToLowerInvariant()}";
        }

        if (!IsEvent(parameter.Type))
        {
            return $"takes '{parameter.Type.ToDisplayString()}', which does not implement IEvent";
        }

        return null;
    }

    /// <summary>Calls of <c>Aggregate.Raise</c> in the type's own declarations whose argument's static type is a concrete event.</summary>
    private static IEnumerable<(ITypeSymbol Event, LocationInfo? Location)> FindRaisedEvents(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = invocation.Expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name != RaiseMethodName || invocation.ArgumentList.Arguments.Count != 1
                    || invocation.Ancestors().OfType<TypeDeclarationSyntax>().First() != declaration)
                {
                    continue;
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { ContainingType: { } owner } || AggregateRules.MetadataName(owner) != KnownTypeNames.Aggregate)
                {
                    continue;
                }

                var argument = invocation.ArgumentList.Arguments[0].Expression;
                if (model.GetTypeInfo(argument, cancellationToken).Type is { } raised && IsConcrete(raised) && IsEvent(raised))
                {
                    var span = argument.GetLocation();
                    yield return (raised, new LocationInfo(span.SourceTree?.FilePath ?? string.Empty, span.SourceSpan, span.GetLineSpan().Span));
                }
            }
        }
    }

    private static IEnumerable<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeModel>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var keyword = (outer.IsRecord, outer.TypeKind) switch
            {
                (true, TypeKind.Struct) => "record struct",
                (true, _) => "record",
                (_, TypeKind.Struct) => "struct",
                (_, TypeKind.Interface) => "interface",
                _ => "class",
            };
            chain.Insert(0, new ContainingTypeModel(keyword, outer.Name));
        }

        return chain;
    }

    private static bool IsEvent(ITypeSymbol type)
        => (type is INamedTypeSymbol named && AggregateRules.MetadataName(named) == KnownTypeNames.Event)
            || type.AllInterfaces.Any(i => AggregateRules.MetadataName(i) == KnownTypeNames.Event);

    private static bool IsConcrete(ITypeSymbol type)
        => type.TypeKind is TypeKind.Class or TypeKind.Struct && !type.IsAbstract && type is INamedTypeSymbol { IsGenericType: false };

    private static bool IsAssignableTo(ITypeSymbol type, ITypeSymbol target)
    {
        if (SymbolEqualityComparer.Default.Equals(type, target))
        {
            return true;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, target))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target));
    }

    private static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
