using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Projections;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>Turns one type symbol into a <see cref="TypeScan"/>. Never writes code.</summary>
internal static class HandlerParser
{
    private const int MaxMessageNameLength = 200;

    private static readonly SymbolDisplayFormat s_fullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <param name="fromReference">True for types of referenced assemblies: only public ones are usable, and their problems are not ours to report.</param>
    public static TypeScan? Parse(INamedTypeSymbol type, bool fromReference, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = new List<DiagnosticInfo>();
        var location = fromReference ? null : LocationInfo.From(type);
        var message = ParseMessage(type, location, diagnostics);
        var handlers = ParseHandlers(type, location, diagnostics);
        var aggregate = ParseAggregate(type, fromReference, location, cancellationToken);
        var projection = ParseProjection(type, fromReference, location, cancellationToken);

        if (fromReference)
        {
            if (!IsPubliclyVisible(type))
            {
                return null;
            }

            diagnostics.Clear();
        }

        var scan = new TypeScan(message, handlers.ToEquatableArray(), aggregate, projection, diagnostics.ToEquatableArray());
        return scan.IsEmpty ? null : scan;
    }

    private static MessageModel? ParseMessage(INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (type.IsAbstract || type.IsGenericType)
        {
            return null;
        }

        var contracts = new List<(MessageKindModel Kind, string? Result, string Display)>();
        foreach (var @interface in type.AllInterfaces)
        {
            switch (MetadataName(@interface.OriginalDefinition))
            {
                case KnownTypeNames.Command:
                    contracts.Add((MessageKindModel.Command, null, "ICommand"));
                    break;
                case KnownTypeNames.CommandWithResult:
                    contracts.Add((MessageKindModel.CommandWithResult, Name(@interface.TypeArguments[0]), @interface.ToDisplayString()));
                    break;
                case KnownTypeNames.Query:
                    contracts.Add((MessageKindModel.Query, Name(@interface.TypeArguments[0]), @interface.ToDisplayString()));
                    break;
                case KnownTypeNames.Event:
                    contracts.Add((MessageKindModel.Event, null, "IEvent"));
                    break;
            }
        }

        if (contracts.Count == 0)
        {
            return null;
        }

        if (contracts.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.AmbiguousMessageKind, location,
                type.ToDisplayString(), string.Join(", ", contracts.Select(c => c.Display))));
            return null;
        }

        var name = DefaultName(type);
        var domain = (string?)null;
        var permissions = ImmutableArray.CreateBuilder<string>();
        var isPublic = false;
        var crossTenantReason = (string?)null;
        foreach (var attribute in type.GetAttributes())
        {
            switch (attribute.AttributeClass is { } c ? MetadataName(c) : null)
            {
                case KnownTypeNames.MessageNameAttribute when attribute.ConstructorArguments.Length == 1:
                    var declared = attribute.ConstructorArguments[0].Value as string ?? string.Empty;
                    if (!IsValidName(declared))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.InvalidMessageName, location, type.ToDisplayString(), declared));
                        return null;
                    }

                    name = declared;
                    break;
                case KnownTypeNames.OwnedByAttribute when attribute.ConstructorArguments.Length == 1:
                    domain = attribute.ConstructorArguments[0].Value as string;
                    break;
                case KnownTypeNames.RequiresPermissionAttribute when attribute.ConstructorArguments.Length == 1:
                    permissions.Add(attribute.ConstructorArguments[0].Value as string ?? string.Empty);
                    break;
                case KnownTypeNames.PublicMessageAttribute:
                    isPublic = true;
                    break;
                case KnownTypeNames.CrossTenantAttribute when attribute.ConstructorArguments.Length == 1:
                    crossTenantReason = attribute.ConstructorArguments[0].Value as string ?? string.Empty;
                    break;
            }
        }

        var contract = contracts[0];
        return new MessageModel(
            Name(type), name, contract.Kind, contract.Result, domain,
            new EquatableArray<string>(permissions.ToImmutable()), isPublic, crossTenantReason, location);
    }

    private static List<HandlerModel> ParseHandlers(INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var handlers = new List<HandlerModel>();
        var lifetime = LifetimeOf(type);
        foreach (var @interface in type.AllInterfaces)
        {
            var kind = MetadataName(@interface.OriginalDefinition) switch
            {
                KnownTypeNames.CommandHandler => MessageKindModel.Command,
                KnownTypeNames.CommandWithResultHandler => MessageKindModel.CommandWithResult,
                KnownTypeNames.QueryHandler => MessageKindModel.Query,
                KnownTypeNames.EventHandler => MessageKindModel.Event,
                _ => (MessageKindModel?)null,
            };
            if (kind is null)
            {
                continue;
            }

            var handle = @interface.GetMembers("HandleAsync").FirstOrDefault();
            var implementation = handle is null ? null : type.FindImplementationForInterfaceMember(handle) as IMethodSymbol;
            var isExplicit = implementation?.MethodKind == MethodKind.ExplicitInterfaceImplementation;
            handlers.Add(new HandlerModel(Name(type), Name(@interface.TypeArguments[0]), Name(@interface), kind.Value, lifetime, isExplicit, location));
        }

        if (handlers.Count > 0 && WhyNotConstructible(type) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.HandlerNotConstructible, location, type.ToDisplayString(), reason));
            handlers.Clear();
        }

        return handlers;
    }

    /// <summary>
    /// An aggregate the aggregate generator completes (in source: by the same rules; in a reference: it carries the
    /// generated interface). Its problems are the aggregate generator's to report.
    /// </summary>
    private static AggregateRegistrationModel? ParseAggregate(INamedTypeSymbol type, bool fromReference, LocationInfo? location, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || !AggregateRules.DerivesFromAggregate(type))
        {
            return null;
        }

        var usable = fromReference ? AggregateRules.ImplementsGeneratedInterface(type) : AggregateRules.WhyNotGeneratable(type, cancellationToken) is null;
        var name = AggregateRules.NameOf(type, out _);
        return usable && AggregateRules.IsValidName(name) ? new AggregateRegistrationModel(Name(type), name, AggregateRules.OwningDomain(type), location) : null;
    }

    /// <summary>
    /// A projection the projection generator completes (in source: by the same rules; in a reference: it carries the
    /// generated members). Its problems are the projection generator's to report.
    /// </summary>
    private static ProjectionRegistrationModel? ParseProjection(INamedTypeSymbol type, bool fromReference, LocationInfo? location, CancellationToken cancellationToken)
    {
        if (type.IsAbstract || type.IsGenericType || ProjectionRules.DocumentTypeOf(type) is not { TypeKind: not TypeKind.Error } document)
        {
            return null;
        }

        var usable = (fromReference ? ProjectionRules.IsGenerated(type) : ProjectionRules.WhyNotCompletable(type, cancellationToken) is null)
            && ProjectionRules.WhyNotRegistrable(type) is null;
        var name = ProjectionRules.NameOf(type, out _);
        return usable && ProjectionRules.IsValidName(name)
            ? new ProjectionRegistrationModel(ProjectionRules.Name(type), ProjectionRules.Name(document), name, location)
            : null;
    }

    private static string? WhyNotConstructible(INamedTypeSymbol type)
    {
        if (type.IsAbstract)
        {
            return "is abstract";
        }

        if (type.IsGenericType)
        {
            return "is an open generic type (declare a closed handler class per message instead)";
        }

        if (type.IsFileLocal)
        {
            return "is file-local";
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return $"is not accessible from generated code ('{current.Name}' is {current.DeclaredAccessibility.ToString().ToLowerInvariant()}); make it internal or public";
            }
        }

        if (type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public))
        {
            return "has no public constructor, so the container cannot create it";
        }

        return null;
    }

    private static string? LifetimeOf(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && MetadataName(c) == KnownTypeNames.HandlerLifetimeAttribute
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
            {
                return value switch
                {
                    0 => "Singleton",
                    1 => "Scoped",
                    2 => "Transient",
                    _ => null,
                };
            }
        }

        return null;
    }

    private static bool IsPubliclyVisible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidName(string name)
        => name.Length is > 0 and <= MaxMessageNameLength && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>The type's name without namespace; nested types joined with '.', so moving namespaces keeps names stable.</summary>
    private static string DefaultName(INamedTypeSymbol type)
        => type.ContainingType is { } outer ? DefaultName(outer) + "." + type.Name : type.Name;

    private static string Name(ITypeSymbol type) => type.ToDisplayString(s_fullyQualified);

    private static string MetadataName(INamedTypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}
