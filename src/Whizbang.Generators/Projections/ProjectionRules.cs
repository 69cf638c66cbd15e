using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// What makes a class a projection the generator can complete and register, and its stable name. Shared by the
/// projection generator (which emits the partial class) and the handler registry (which lists it), so the two never
/// disagree about which projections exist.
/// </summary>
internal static class ProjectionRules
{
    public const string ProjectionBase = "Whizbang.Projections.Projection`1";
    public const string ProjectionNameAttribute = "Whizbang.Projections.ProjectionNameAttribute";
    public const string EventContext = "Whizbang.Projections.EventContext";
    public const int MaxNameLength = 100;

    private const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";
    private const string Suffix = "Projection";

    /// <summary>The <c>TDocument</c> of the <c>Projection&lt;TDocument&gt;</c> the type derives from, or null when it is not a projection.</summary>
    public static ITypeSymbol? DocumentTypeOf(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return null;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (AggregateRules.MetadataName(current.OriginalDefinition) == ProjectionBase)
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>Why the generator cannot write the rest of <paramref name="type"/> (a concrete projection declared in source), or null when it can.</summary>
    public static string? WhyNotCompletable(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.IsFileLocal)
        {
            return "is file-local, so no other file can complete it";
        }

        if (!IsPartial(type, cancellationToken))
        {
            return "is not declared partial; add the 'partial' modifier so the generator can complete it";
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                return $"is nested in generic type '{outer.Name}'";
            }

            if (!IsPartial(outer, cancellationToken))
            {
                return $"is nested in '{outer.Name}', which is not declared partial";
            }
        }

        return null;
    }

    /// <summary>Why the registry cannot list <paramref name="type"/> (the container creates projections), or null when it can.</summary>
    public static string? WhyNotRegistrable(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return $"is not accessible from generated code ('{current.Name}' is {current.DeclaredAccessibility.ToString().ToLowerInvariant()}); make it internal or public";
            }
        }

        if (!type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public))
        {
            return "has no public constructor, so the container cannot create it";
        }

        return null;
    }

    /// <summary>
    /// The projection's stable name: <c>[ProjectionName]</c>, else the class name without a trailing "Projection" in
    /// kebab case (<c>OrderSummaryProjection</c> is <c>order-summary</c>).
    /// </summary>
    public static string NameOf(INamedTypeSymbol type, out bool declared)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && AggregateRules.MetadataName(c) == ProjectionNameAttribute && attribute.ConstructorArguments.Length == 1)
            {
                declared = true;
                return attribute.ConstructorArguments[0].Value as string ?? string.Empty;
            }
        }

        declared = false;
        var name = type.Name;
        if (name.Length > Suffix.Length && name.EndsWith(Suffix, System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - Suffix.Length);
        }

        return AggregateRules.Kebab(name);
    }

    /// <summary>1 to 100 lowercase ASCII letters, digits and dashes, starting with a letter: safe as a storage key everywhere.</summary>
    public static bool IsValidName(string name)
        => name.Length is > 0 and <= MaxNameLength
            && name[0] is >= 'a' and <= 'z'
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>True when the generator completed the type (how projections of referenced assemblies are recognised).</summary>
    public static bool IsGenerated(INamedTypeSymbol type)
        => type.GetMembers("Name").OfType<IPropertySymbol>().Any(p => p.IsOverride && p.GetAttributes().Any(a =>
            a.AttributeClass is { } c && AggregateRules.MetadataName(c) == GeneratedCodeAttribute
            && a.ConstructorArguments.Length >= 1 && a.ConstructorArguments[0].Value as string == GeneratorInfo.Name));

    public static bool IsEventContext(ITypeSymbol type)
        => type is INamedTypeSymbol named && AggregateRules.MetadataName(named) == EventContext;

    public static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
}
