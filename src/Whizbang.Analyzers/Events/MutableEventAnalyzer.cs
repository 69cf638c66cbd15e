using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Events;

/// <summary>
/// Events are immutable: no property with a (non-init) setter, no field that is not readonly, and no stored state
/// whose type is, or holds, a mutable collection. Each problem is reported on the member that has it.
/// </summary>
/// <remarks>
/// Only members the event type declares itself are checked, so an inherited problem is reported once, on the base
/// type that declares it (when that base is an event too). Collections are checked on stored state only (fields,
/// including the compiler's backing fields of auto-properties and positional record parameters): a computed
/// property returning a list stores nothing.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableEventAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.MutableEvent);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var @event = start.Compilation.GetTypeByMetadataName("Whizbang.Messaging.IEvent");
            if (@event is null)
            {
                return;
            }

            var collections = MutableCollectionTypes.From(start.Compilation);
            start.RegisterSymbolAction(c => Analyze(c, @event, collections), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol @event, MutableCollectionTypes collections)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !type.AllInterfaces.Contains(@event, SymbolEqualityComparer.Default))
        {
            return;
        }

        var eventName = type.ToDisplayString();
        foreach (var member in type.GetMembers())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } setter } property:
                    ReportSetter(context, eventName, property, setter);
                    break;
                case IFieldSymbol { IsStatic: false, IsConst: false } field:
                    if (!field.IsReadOnly && !field.IsImplicitlyDeclared)
                    {
                        Report(context, field, eventName, $"field '{field.Name}' is not readonly",
                            field.IsVolatile || field.IsRequired ? MutableEventFix.None : MutableEventFix.ReadonlyField);
                    }

                    if (collections.FindMutable(field.Type) is { } collection)
                    {
                        // A backing field is reported on what the user wrote: the property or the positional parameter.
                        var owner = field.AssociatedSymbol ?? field;
                        var what = owner is IPropertySymbol ? "property" : "field";
                        var reason = SymbolEqualityComparer.Default.Equals(collection, field.Type)
                            ? $"{what} '{owner.Name}' has type '{Display(field.Type)}', a mutable collection"
                            : $"{what} '{owner.Name}' has type '{Display(field.Type)}', which holds the mutable collection '{Display(collection)}'";
                        Report(context, owner, eventName, reason, MutableEventFix.None);
                    }

                    break;
            }
        }
    }

    private static void ReportSetter(SymbolAnalysisContext context, string eventName, IPropertySymbol property, IMethodSymbol setter)
    {
        if (!setter.IsImplicitlyDeclared)
        {
            Report(context, property, eventName, $"property '{property.Name}' has a setter", MutableEventFix.SetToInit);
        }
        else if (property.ContainingType is { IsRecord: true, TypeKind: TypeKind.Struct })
        {
            // The compiler gives the positional properties of a record struct that is not readonly a setter.
            Report(context, property, eventName, $"positional property '{property.Name}' has a setter because the record struct is not readonly", MutableEventFix.ReadonlyRecordStruct);
        }
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, string eventName, string reason, string fix)
    {
        foreach (var location in member.Locations)
        {
            if (location.IsInSource)
            {
                var properties = fix.Length == 0
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(MutableEventFix.PropertyName, fix);
                context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.MutableEvent, location, properties, eventName, reason));
                return;
            }
        }
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
