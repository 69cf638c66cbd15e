using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Serialization;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>
/// Completes every event-sourced aggregate's partial class (Apply dispatch, name, factory) and checks that every
/// event the compilation stores is in one of its <c>JsonSerializerContext</c>s. The pipeline only: parsing is in
/// <see cref="AggregateParser"/> and <see cref="JsonContextParser"/>, emission in <see cref="AggregateEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AggregateGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, so tests can assert what the driver cached.</summary>
    public static class Steps
    {
        public const string Types = "Whizbang.Aggregates.Types";
        public const string Aggregates = "Whizbang.Aggregates.Models";
        public const string JsonContexts = "Whizbang.Aggregates.JsonContexts";
        public const string Serialization = "Whizbang.Aggregates.Serialization";
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

        var aggregates = scans
            .Where(static scan => scan.Aggregate is not null)
            .Select(static (scan, _) => scan.Aggregate!)
            .WithTrackingName(Steps.Aggregates);

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
            .Combine(scans.Where(static scan => scan.Events.Count > 0).Collect())
            .Select(static (input, _) => SerializationChecker.Check(input.Left, input.Right))
            .WithTrackingName(Steps.Serialization);

        // As in the handler generator, only this cheap step sees the Compilation, so #pragma applies to the diagnostics.
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

        context.RegisterSourceOutput(aggregates, static (spc, model) =>
        {
            var (hintName, source) = AggregateEmitter.Emit(model);
            spc.AddSource(hintName, source);
        });
    }

    private static EventSourcingScan? ParseDeclaration(GeneratorSyntaxContext context, CancellationToken cancellationToken)
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

        return AggregateParser.Parse(type, context.SemanticModel.Compilation, cancellationToken);
    }
}
