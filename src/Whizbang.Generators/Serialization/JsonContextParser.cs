using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Serialization;

/// <summary>
/// Reads a <c>JsonSerializerContext</c>'s <c>[JsonSerializable(typeof(...))]</c> roots and approximates what the
/// System.Text.Json generator will give metadata for: each root, its type arguments and array elements, the types
/// of its public properties and its <c>[JsonDerivedType]</c>s, transitively (framework types are not walked into).
/// </summary>
internal static class JsonContextParser
{
    private const int MaxTypes = 5000;

    public static JsonContextModel? Parse(INamedTypeSymbol context, IEnumerable<AttributeData> attributes, CancellationToken cancellationToken)
    {
        if (!DerivesFromContext(context))
        {
            return null;
        }

        var covered = new HashSet<string>(System.StringComparer.Ordinal);
        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var attribute in attributes)
        {
            if (attribute.ConstructorArguments.Length >= 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol root)
            {
                Walk(root, covered, visited, cancellationToken);
            }
        }

        return new JsonContextModel(context.ToDisplayString(), covered.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray());
    }

    private static void Walk(ITypeSymbol type, HashSet<string> covered, HashSet<ITypeSymbol> visited, CancellationToken cancellationToken)
    {
        if (visited.Count >= MaxTypes || !visited.Add(type))
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        covered.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        switch (type)
        {
            case IArrayTypeSymbol array:
                Walk(array.ElementType, covered, visited, cancellationToken);
                return;
            case not INamedTypeSymbol:
                return;
        }

        var named = (INamedTypeSymbol)type;
        foreach (var argument in named.TypeArguments)
        {
            Walk(argument, covered, visited, cancellationToken);
        }

        if (IsFrameworkType(named))
        {
            return;
        }

        foreach (var attribute in named.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && AggregateRules.MetadataName(c) == KnownTypeNames.JsonDerivedTypeAttribute
                && attribute.ConstructorArguments.Length >= 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol derived)
            {
                Walk(derived, covered, visited, cancellationToken);
            }
        }

        for (var current = named; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public)
                {
                    Walk(property.Type, covered, visited, cancellationToken);
                }
            }
        }
    }

    private static bool DerivesFromContext(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (AggregateRules.MetadataName(current) == KnownTypeNames.JsonSerializerContext)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }
}
