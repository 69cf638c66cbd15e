using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// Turns one type symbol into a <see cref="ProjectionScan"/>: the Create, Apply and DocumentId methods of a projection,
/// its name and problems, or the type itself when it is a concrete event. Never writes code.
/// </summary>
internal static class ProjectionParser
{
    private const string CreateMethodName = "Create";
    private const string ApplyMethodName = "Apply";
    private const string DocumentIdMethodName = "DocumentId";

    private static readonly SymbolDisplayFormat s_short = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    public static ProjectionScan? Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var @event = IsConcrete(type) && IsEvent(type) ? DescribeEvent(type) : null;
        var diagnostics = new List<DiagnosticInfo>();
        ProjectionModel? projection = null;
        DocumentUseModel? document = null;
        if (ProjectionRules.DocumentTypeOf(type) is { TypeKind: not TypeKind.Error } documentType)
        {
            projection = ParseProjection(type, documentType, diagnostics, cancellationToken);
            if (projection is not null)
            {
                document = new DocumentUseModel(projection.DocumentTypeName, type.ToDisplayString(), LocationInfo.From(type));
            }
        }

        var scan = new ProjectionScan(projection, document, @event, diagnostics.ToEquatableArray());
        return scan.IsEmpty ? null : scan;
    }

    /// <summary>A concrete event as projections over its base types and interfaces see it.</summary>
    public static EventTypeModel DescribeEvent(INamedTypeSymbol type)
    {
        var supertypes = new SortedSet<string>(System.StringComparer.Ordinal);
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsEvent(current))
            {
                supertypes.Add(ProjectionRules.Name(current));
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (IsEvent(@interface))
            {
                supertypes.Add(ProjectionRules.Name(@interface));
            }
        }

        return new EventTypeModel(ProjectionRules.Name(type), supertypes.ToEquatableArray());
    }

    public static bool IsConcrete(ITypeSymbol type)
        => type.TypeKind is TypeKind.Class or TypeKind.Struct && !type.IsAbstract && !type.IsStatic && type is INamedTypeSymbol { IsGenericType: false };

    public static bool IsEvent(ITypeSymbol type)
        => (type is INamedTypeSymbol named && AggregateRules.MetadataName(named) == KnownTypeNames.Event)
            || type.AllInterfaces.Any(i => AggregateRules.MetadataName(i) == KnownTypeNames.Event);

    private static ProjectionModel? ParseProjection(INamedTypeSymbol type, ITypeSymbol document, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var location = LocationInfo.From(type);
        var methods = FindMethods(type);
        if (type.IsAbstract || type.Arity > 0)
        {
            if (!type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.AbstractOrGenericProjection, location, type.ToDisplayString(),
                    "is generic, so the generator cannot complete it and it is never registered; declare one non-generic projection class per document type"));
            }
            else if (methods.Count > 0)
            {
                // An abstract base without methods of its own is a shared base for projections; one with methods would have them ignored.
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.AbstractOrGenericProjection, location, type.ToDisplayString(),
                    "is abstract, so its own Create, Apply and DocumentId methods are never called (only a concrete projection's own methods are); make it concrete, or move the methods to the projections deriving from it"));
            }

            return null;
        }

        var creates = new List<(ITypeSymbol Event, IMethodSymbol Method, ProjectionMethodModel Call)>();
        var applies = new List<(ITypeSymbol Event, IMethodSymbol Method, ProjectionMethodModel Call)>();
        var documentIds = new List<(ITypeSymbol Event, IMethodSymbol Method, ProjectionMethodModel Call)>();
        foreach (var (kind, method) in methods)
        {
            if (ParseMethod(type, document, kind, method, diagnostics) is not { } parsed)
            {
                continue;
            }

            var list = kind switch
            {
                CreateMethodName => creates,
                ApplyMethodName => applies,
                _ => documentIds,
            };
            if (list.FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.Event, parsed.Event)) is { Method: { } first })
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DuplicateProjectionMethod, LocationInfo.From(method),
                    kind, method.ToDisplayString(s_short), type.ToDisplayString(), parsed.Event.ToDisplayString(), first.ToDisplayString(s_short)));
                continue;
            }

            list.Add((parsed.Event, method, parsed.Call));
        }

        if (!methods.Any(m => m.Kind is CreateMethodName or ApplyMethodName))
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.ProjectionWithoutMethods, location, type.ToDisplayString(),
                document.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        var handled = creates.Concat(applies).Select(m => m.Event).Distinct<ITypeSymbol>(SymbolEqualityComparer.Default).ToList();
        foreach (var (eventType, method, _) in documentIds.Where(d => !handled.Any(h => IsAssignableTo(d.Event, h) || IsAssignableTo(h, d.Event))).ToList())
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DocumentIdWithoutHandler, LocationInfo.From(method),
                method.ToDisplayString(s_short), type.ToDisplayString(), eventType.ToDisplayString()));
            documentIds.RemoveAll(d => SymbolEqualityComparer.Default.Equals(d.Method, method));
        }

        var name = ProjectionRules.NameOf(type, out var declared);
        if (!ProjectionRules.IsValidName(name))
        {
            // Still completed (with the name as written) so the only error is this one; it is not registered.
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.InvalidProjectionName, location, type.ToDisplayString(), name,
                declared ? "correct its [ProjectionName]" : "the name comes from the class name: give the class a [ProjectionName(\"...\")]"));
        }

        if (ProjectionRules.WhyNotCompletable(type, cancellationToken) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.ProjectionNotGeneratable, location, type.ToDisplayString(), reason, "complete or register"));
            return null;
        }

        if (ProjectionRules.WhyNotRegistrable(type) is { } unregistrable)
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.ProjectionNotGeneratable, location, type.ToDisplayString(), unregistrable, "register"));
        }

        var cases = handled
            .Select(h => new ProjectionCaseModel(
                ProjectionRules.Name(h),
                creates.Where(c => SymbolEqualityComparer.Default.Equals(c.Event, h)).Select(c => c.Call).FirstOrDefault(),
                applies.Where(a => SymbolEqualityComparer.Default.Equals(a.Event, h)).Select(a => a.Call).FirstOrDefault()))
            .ToList();
        var caseTypes = handled.ToDictionary(h => ProjectionRules.Name(h), h => h, System.StringComparer.Ordinal);
        var documentIdTypes = documentIds.ToDictionary(d => ProjectionRules.Name(d.Event), d => d.Event, System.StringComparer.Ordinal);

        return new ProjectionModel(
            ProjectionRules.Name(type),
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(type).ToEquatableArray(),
            type.Name,
            name,
            ProjectionRules.Name(document),
            MostDerivedFirst(cases, c => caseTypes[c.EventTypeName]).ToEquatableArray(),
            MostDerivedFirst(documentIds.Select(d => new DocumentIdCaseModel(ProjectionRules.Name(d.Event), d.Call.TakesContext)), d => documentIdTypes[d.EventTypeName]).ToEquatableArray(),
            handled.Select(h => new HandledEventModel(ProjectionRules.Name(h), IsConcrete(h), MayHaveSubtypes(h)))
                .OrderBy(h => h.TypeName, System.StringComparer.Ordinal)
                .ToEquatableArray(),
            EquatableArray<string>.Empty);
    }

    /// <summary>The methods named Create, Apply or DocumentId declared on the type itself, in declaration order.</summary>
    private static List<(string Kind, IMethodSymbol Method)> FindMethods(INamedTypeSymbol type)
    {
        var methods = new List<(string Kind, IMethodSymbol Method)>();
        foreach (var member in type.GetMembers())
        {
            // Overrides are the generated members (or hand-written copies of them), never methods the generator calls.
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false, IsOverride: false } method
                && method.Name is CreateMethodName or ApplyMethodName or DocumentIdMethodName)
            {
                methods.Add((method.Name, method));
            }
        }

        return methods;
    }

    /// <summary>The event type of a valid method and how to call it; an invalid one is reported and null.</summary>
    private static (ITypeSymbol Event, ProjectionMethodModel Call)? ParseMethod(
        INamedTypeSymbol type, ITypeSymbol document, string kind, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        if (method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error))
        {
            return null; // the compiler reports the missing type
        }

        var reason = WhyInvalid(document, kind, method);
        if (reason is not null)
        {
            var documentName = document.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var shape = kind switch
            {
                CreateMethodName => $"'{documentName} Create(TEvent e)'",
                ApplyMethodName => $"'void Apply({documentName} document, TEvent e)' or '{documentName}? Apply({documentName} document, TEvent e)'",
                _ => "'string DocumentId(TEvent e)'",
            };
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.InvalidProjectionMethod, LocationInfo.From(method),
                kind, method.ToDisplayString(s_short), type.ToDisplayString(), reason,
                shape + ", static or not, where TEvent implements IEvent and an EventContext may follow the event"));
            return null;
        }

        var offset = kind == ApplyMethodName ? 1 : 0;
        var takesContext = method.Parameters.Length == offset + 2;
        return (method.Parameters[offset].Type, new ProjectionMethodModel(takesContext, !method.ReturnsVoid));
    }

    private static string? WhyInvalid(ITypeSymbol document, string kind, IMethodSymbol method)
    {
        if (method.IsGenericMethod)
        {
            return "is generic";
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "returns by reference";
        }

        var offset = kind == ApplyMethodName ? 1 : 0;
        var parameters = method.Parameters;
        if (parameters.Length < offset + 1 || parameters.Length > offset + 2)
        {
            return $"takes {parameters.Length} parameter{(parameters.Length == 1 ? string.Empty : "s")}";
        }

        if (kind == ApplyMethodName)
        {
            if (!SymbolEqualityComparer.Default.Equals(parameters[0].Type, document))
            {
                return $"takes '{parameters[0].Type.ToDisplayString()}' first, not the projection's document type '{document.ToDisplayString()}'";
            }

            if (parameters[0].RefKind != RefKind.None)
            {
                return $"takes its document by {Display(parameters[0].RefKind)}";
            }
        }

        var @event = parameters[offset];
        if (@event.RefKind != RefKind.None)
        {
            return $"takes its event by {Display(@event.RefKind)}";
        }

        if (!IsEvent(@event.Type))
        {
            return $"takes '{@event.Type.ToDisplayString()}', which does not implement IEvent";
        }

        if (parameters.Length == offset + 2)
        {
            var context = parameters[offset + 1];
            if (!ProjectionRules.IsEventContext(context.Type))
            {
                return $"takes '{context.Type.ToDisplayString()}' after the event, where only an EventContext may follow it";
            }

            if (context.RefKind is not (RefKind.None or RefKind.In))
            {
                return $"takes its EventContext by {Display(context.RefKind)}";
            }

            if (kind == ApplyMethodName && context.RefKind == RefKind.In && @event.Type is INamedTypeSymbol eventType && AggregateRules.MetadataName(eventType) == KnownTypeNames.Event)
            {
                return "has the signature of the generated Apply(TDocument?, IEvent, in EventContext) override";
            }
        }

        return kind switch
        {
            CreateMethodName when !IsDocument(method.ReturnType, document) => $"returns '{method.ReturnType.ToDisplayString()}', not the projection's document type '{document.ToDisplayString()}'",
            ApplyMethodName when !method.ReturnsVoid && !IsDocument(method.ReturnType, document) => $"returns '{method.ReturnType.ToDisplayString()}', neither void nor the projection's document type '{document.ToDisplayString()}'",
            DocumentIdMethodName when method.ReturnType.SpecialType != SpecialType.System_String => $"returns '{method.ReturnType.ToDisplayString()}', not string",
            DocumentIdMethodName when method.ReturnType.NullableAnnotation == NullableAnnotation.Annotated => "returns 'string?', but a document id is never null",
            _ => null,
        };
    }

    /// <summary>The document type or a class derived from it: what a Create or Apply may hand back.</summary>
    private static bool IsDocument(ITypeSymbol type, ITypeSymbol document)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, document))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A case must come before every case it is assignable to, or the compiler reports it as subsumed; ties by name.</summary>
    private static IEnumerable<T> MostDerivedFirst<T>(IEnumerable<T> cases, System.Func<T, ITypeSymbol> typeOf)
    {
        var list = cases.ToList();
        var types = list.Select(typeOf).ToList();
        return list
            .Select((item, i) => (Item: item, Type: types[i]))
            .OrderByDescending(c => types.Count(other => !SymbolEqualityComparer.Default.Equals(c.Type, other) && IsAssignableTo(c.Type, other)))
            .ThenBy(c => ProjectionRules.Name(c.Type), System.StringComparer.Ordinal)
            .Select(c => c.Item);
    }

    private static bool MayHaveSubtypes(ITypeSymbol type)
        => type.TypeKind == TypeKind.Interface || (type.TypeKind == TypeKind.Class && !type.IsSealed);

    private static bool IsAssignableTo(ITypeSymbol type, ITypeSymbol target)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, target))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target));
    }

    private static string Display(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };

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
}
