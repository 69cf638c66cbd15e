using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Serialization;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// Completes every projection's partial class (name, event types, DocumentId and Apply dispatch) and checks that every
/// projection's document is in one of the compilation's <c>JsonSerializerContext</c>s. The pipeline only: parsing is in
/// <see cref="ProjectionParser"/> and <see cref="JsonContextParser"/>, emission in <see cref="ProjectionEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProjectionGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, so tests can assert what the driver cached.</summary>
    public static class Steps
    {
        public const string Types = "Whizbang.Projections.Types";
        public const string Projections = "Whizbang.Projections.Models";
        public const string ReferencedEvents = "Whizbang.Projections.ReferencedEvents";
        public const string Resolved = "Whizbang.Projections.Resolved";
        public const string JsonContexts = "Whizbang.Projections.JsonContexts";
        public const string Serialization = "Whizbang.Projections.Serialization";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var scans = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax { BaseList: not null } and (ClassDeclarationSyntax or RecordDeclarationSyntax or StructDeclarationSyntax),
                static (syntax, ct) => ParseDeclaration(syntax, ct))
            .Where(static scan => scan is not null)
            .Select(static (scan, _) => scan!)
            .WithTrackingName(Steps.Types);

        var projections = scans
            .Where(static scan => scan.Projection is not null)
            .Select(static (scan, _) => scan.Projection!)
            .WithTrackingName(Steps.Projections);

        var sourceEvents = scans
            .Where(static scan => scan.Event is not null)
            .Select(static (scan, _) => scan.Event!)
            .Collect();

        // Referenced assemblies are walked only when a method takes a type other events may derive from.
        var referencedEvents = context.CompilationProvider
            .Combine(projections.Collect().Select(static (all, _) => ProjectionEventResolver.NeedsEventCatalogue(all)))
            .Select(static (input, ct) => input.Right ? ScanReferences(input.Left, ct) : EquatableArray<EventTypeModel>.Empty)
            .WithTrackingName(Steps.ReferencedEvents);

        var resolved = projections
            .Combine(sourceEvents.Combine(referencedEvents))
            .Select(static (input, _) => ProjectionEventResolver.Resolve(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(Steps.Resolved);

        var contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.JsonSerializableAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (attributeContext, ct) => attributeContext.TargetSymbol is INamedTypeSymbol type
                    ? JsonContextParser.Parse(type, attributeContext.Attributes, ct)
                    : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(Steps.JsonContexts);

        var serialization = contexts.Collect()
            .Combine(scans.Where(static scan => scan.Document is not null).Select(static (scan, _) => scan.Document!).Collect())
            .Select(static (input, _) => DocumentSerializationChecker.Check(input.Left, input.Right))
            .WithTrackingName(Steps.Serialization);

        // As in the other generators, only this cheap step sees the Compilation, so #pragma applies to the diagnostics.
        var diagnostics = scans.Select(static (scan, _) => scan.Diagnostics).Where(static d => d.Count > 0).Collect()
            .Combine(serialization)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (spc, input) =>
        {
            var ((perType, serializationDiagnostics), compilation) = input;
            foreach (var diagnostic in perType.SelectMany(d => d).Concat(serializationDiagnostics))
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
            }
        });

        context.RegisterSourceOutput(resolved, static (spc, model) =>
        {
            var (hintName, source) = ProjectionEmitter.Emit(model);
            spc.AddSource(hintName, source);
        });
    }

    private static ProjectionScan? ParseDeclaration(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        // A partial type has several declarations; only the first one with a base list (what the predicate matched) speaks for it.
        var first = type.DeclaringSyntaxReferences.FirstOrDefault(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null });
        if (first is null || first.SyntaxTree != context.Node.SyntaxTree || first.Span != context.Node.Span)
        {
            return null;
        }

        return ProjectionParser.Parse(type, cancellationToken);
    }

    /// <summary>Public concrete events of referenced assemblies that themselves reference Whizbang.Runtime, as the message catalogue lists them.</summary>
    private static EquatableArray<EventTypeModel> ScanReferences(Compilation compilation, CancellationToken cancellationToken)
    {
        var events = new List<EventTypeModel>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols.OrderBy(a => a.Identity.Name, System.StringComparer.Ordinal))
        {
            if (assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == KnownTypeNames.RuntimeAssembly)))
            {
                ScanNamespace(assembly.GlobalNamespace, events, cancellationToken);
            }
        }

        return events.ToEquatableArray();
    }

    private static void ScanNamespace(INamespaceSymbol ns, List<EventTypeModel> events, CancellationToken cancellationToken)
    {
        foreach (var member in ns.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol child)
            {
                ScanNamespace(child, events, cancellationToken);
            }
            else if (member is INamedTypeSymbol type)
            {
                ScanType(type, events);
            }
        }
    }

    private static void ScanType(INamedTypeSymbol type, List<EventTypeModel> events)
    {
        if (type.DeclaredAccessibility != Accessibility.Public)
        {
            return;
        }

        if (ProjectionParser.IsConcrete(type) && ProjectionParser.IsEvent(type))
        {
            events.Add(ProjectionParser.DescribeEvent(type));
        }

        foreach (var nested in type.GetTypeMembers())
        {
            ScanType(nested, events);
        }
    }
}
