using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>
/// What makes a class an aggregate the generator can complete, and its stable name. Shared by the aggregate
/// generator (which emits the partial class) and the handler registry (which registers its repository), so the
/// two never disagree about which aggregates exist.
/// </summary>
internal static class AggregateRules
{
    public const int MaxNameLength = 100;

    public static bool DerivesFromAggregate(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (MetadataName(current) == KnownTypeNames.Aggregate)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why the generator cannot complete <paramref name="type"/> (a concrete aggregate declared in source), or null when it can.</summary>
    public static string? WhyNotGeneratable(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.IsGenericType)
        {
            return "is generic; declare one closed aggregate class per stream type";
        }

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

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return $"is not accessible from generated code ('{current.Name}' is {current.DeclaredAccessibility.ToString().ToLowerInvariant()}); make it internal or public";
            }
        }

        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            return "has no parameterless constructor, which rebuilding it from its stream needs (it may be private)";
        }

        return null;
    }

    /// <summary>The aggregate's stable name: <c>[AggregateName]</c>, else the type name in kebab case (nested names joined with '.').</summary>
    public static string NameOf(INamedTypeSymbol type, out bool declared)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && MetadataName(c) == KnownTypeNames.AggregateNameAttribute && attribute.ConstructorArguments.Length == 1)
            {
                declared = true;
                return attribute.ConstructorArguments[0].Value as string ?? string.Empty;
            }
        }

        declared = false;
        return DefaultName(type);
    }

    public static bool IsValidName(string name)
        => name.Length is > 0 and <= MaxNameLength && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    public static string? OwningDomain(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && MetadataName(c) == KnownTypeNames.OwnedByAttribute && attribute.ConstructorArguments.Length == 1)
            {
                return attribute.ConstructorArguments[0].Value as string;
            }
        }

        return null;
    }

    /// <summary>True when the type carries the generated <c>IAggregate&lt;TSelf&gt;</c> (how aggregates of referenced assemblies are recognised).</summary>
    public static bool ImplementsGeneratedInterface(INamedTypeSymbol type)
        => type.Interfaces.Any(i => MetadataName(i.OriginalDefinition) == KnownTypeNames.AggregateInterface
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type));

    public static string MetadataName(INamedTypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string DefaultName(INamedTypeSymbol type)
        => type.ContainingType is { } outer ? DefaultName(outer) + "." + Kebab(type.Name) : Kebab(type.Name);

    /// <summary><c>ShoppingCart</c> → <c>shopping-cart</c>, <c>HTTPRequest</c> → <c>http-request</c>.</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('-');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
