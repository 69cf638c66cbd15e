using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace Whizbang.Analyzers.CodeFixes;

/// <summary>
/// Fixes the generator's WHIZ301 (an event no <c>JsonSerializerContext</c> of the compilation covers) by adding
/// <c>[JsonSerializable(typeof(TheEvent))]</c> to the project's context, when the project declares exactly one: with
/// several, which one the event belongs to (the one given to <c>UseEventSourcing</c>) is for a person to choose.
/// </summary>
/// <remarks>
/// The generator reports WHIZ301 on the event's name where the event is declared, or on the argument of a
/// <c>Raise(...)</c> call for an event of another assembly: both name the event's type. Its third place, an
/// aggregate's name (an Apply method for an event of another assembly), does not say which event, so it gets no fix.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddToJsonSerializerContextCodeFixProvider)), Shared]
public sealed class AddToJsonSerializerContextCodeFixProvider : CodeFixProvider
{
    /// <summary>The generator's diagnostic (Whizbang.Generators, <c>WhizbangDiagnostics.EventMissingFromJsonContext</c>).</summary>
    public const string DiagnosticId = "WHIZ301";

    private const string EquivalenceKey = "Whizbang.AddJsonSerializable";
    private const string JsonSerializerContextName = "System.Text.Json.Serialization.JsonSerializerContext";
    private const string JsonSerializableAttributeName = "System.Text.Json.Serialization.JsonSerializableAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var project = context.Document.Project;
        var compilation = await project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return;
        }

        Target? target = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            var eventType = await EventTypeAtAsync(diagnostic, compilation, context.CancellationToken).ConfigureAwait(false);
            if (eventType is null)
            {
                continue;
            }

            target ??= await FindContextAsync(project, compilation, context.CancellationToken).ConfigureAwait(false);
            if (target is not { } found || !CanAdd(found.Context, eventType, compilation))
            {
                continue;
            }

            var title = $"Add [JsonSerializable(typeof({eventType.Name}))] to {found.Context.Name}";
            context.RegisterCodeFix(CodeAction.Create(title, ct => AddAsync(project.Solution, found, [eventType], ct), EquivalenceKey), diagnostic);
        }
    }

    /// <summary>The event the diagnostic is about: the type declared at its location, or the type of the raised expression.</summary>
    private static async Task<INamedTypeSymbol?> EventTypeAtAsync(Diagnostic diagnostic, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree is not { } tree)
        {
            return null;
        }

        var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var span = diagnostic.Location.SourceSpan;
        if (span.End > root.FullSpan.End)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var model = compilation.GetSemanticModel(tree);
        var type = node switch
        {
            BaseTypeDeclarationSyntax declaration when declaration.Identifier.Span == span => model.GetDeclaredSymbol(declaration, cancellationToken),
            ExpressionSyntax expression when expression.Span == span => model.GetTypeInfo(expression, cancellationToken).Type,
            _ => null,
        };
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named ? named : null;
    }

    /// <summary>The project's only <c>JsonSerializerContext</c> and the declaration to add attributes to, or null.</summary>
    private static async Task<Target?> FindContextAsync(Project project, Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation.GetTypeByMetadataName(JsonSerializerContextName) is not { } baseContext)
        {
            return null;
        }

        var derived = await SymbolFinder.FindDerivedClassesAsync(baseContext, project.Solution, transitive: true,
            ImmutableHashSet.Create(project), cancellationToken).ConfigureAwait(false);
        var contexts = derived
            .Where(c => !c.IsAbstract && SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, compilation.Assembly))
            .Distinct(SymbolEqualityComparer.Default)
            .Cast<INamedTypeSymbol>()
            .Take(2)
            .ToList();
        if (contexts.Count != 1)
        {
            return null;
        }

        // The part the user wrote (a document of the project, not generator output) that holds the context's last
        // [JsonSerializable]: the new attribute goes after it. The generator reports WHIZ301 only when a context has one.
        var context = contexts[0];
        foreach (var attribute in context.GetAttributes().Reverse())
        {
            if (attribute.AttributeClass?.ToDisplayString() != JsonSerializableAttributeName || attribute.ApplicationSyntaxReference is not { } applied
                || project.Solution.GetDocument(applied.SyntaxTree) is not { } document)
            {
                continue;
            }

            foreach (var reference in context.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == applied.SyntaxTree && reference.Span.Contains(applied.Span))
                {
                    return new Target(context, document.Id, reference.Span, applied.Span);
                }
            }
        }

        return null;
    }

    private static bool CanAdd(INamedTypeSymbol context, INamedTypeSymbol eventType, Compilation compilation)
    {
        if (!compilation.IsSymbolAccessibleWithin(eventType, context))
        {
            return false;
        }

        foreach (var attribute in context.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == JsonSerializableAttributeName
                && attribute.ConstructorArguments.Length >= 1
                && SymbolEqualityComparer.Default.Equals(attribute.ConstructorArguments[0].Value as ITypeSymbol, eventType))
            {
                return false; // already there: the diagnostic is stale
            }
        }

        return true;
    }

    /// <summary>
    /// Adds one <c>[JsonSerializable(typeof(...))]</c> line per event after the context's last one. The names are marked for import and simplification, which the code action's clean-up does: the
    /// result reads <c>[JsonSerializable(typeof(OrderShipped))]</c>, with the usings the file lacked added.
    /// </summary>
    private static async Task<Solution> AddAsync(Solution solution, Target target, IReadOnlyList<INamedTypeSymbol> eventTypes, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(target.Document);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (document is null || root?.FindNode(target.Span, getInnermostNodeForTie: true) is not ClassDeclarationSyntax declaration)
        {
            return solution;
        }

        var last = declaration.AttributeLists.IndexOf(l => l.Span.Contains(target.LastJsonSerializable));
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (last < 0 || model?.Compilation.GetTypeByMetadataName(JsonSerializableAttributeName) is not { } attributeType)
        {
            return solution;
        }

        // Each new attribute on its own line, indented and ended like the one it follows.
        var previous = declaration.AttributeLists[last];
        var indentation = previous.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var newLine = previous.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol
            ? eol
            : SyntaxFactory.ElasticCarriageReturnLineFeed;
        var generator = SyntaxGenerator.GetGenerator(document);
        var lines = eventTypes.Select(e => NewAttributeList(generator, attributeType, e).WithLeadingTrivia(indentation).WithTrailingTrivia(newLine));
        var updated = declaration.WithAttributeLists(declaration.AttributeLists.InsertRange(last + 1, lines));
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)).Project.Solution;
    }

    private static AttributeListSyntax NewAttributeList(SyntaxGenerator generator, INamedTypeSymbol attributeType, INamedTypeSymbol eventType)
    {
        // TypeExpression annotates the names with their symbols, which the import adder needs; the annotation that
        // asks it to import is added by hand (TypeExpression's addImport flag does not add it in Roslyn 5.0).
        var typeOf = generator.TypeOfExpression(Importable(generator.TypeExpression(eventType)));
        return (AttributeListSyntax)generator.Attribute(Importable(generator.TypeExpression(attributeType)), [generator.AttributeArgument(typeOf)]);
    }

    private static SyntaxNode Importable(SyntaxNode typeName) => typeName.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);

    /// <summary>The context, the declaration (partial part) to add to, and the <c>[JsonSerializable]</c> to add after.</summary>
    private readonly record struct Target(INamedTypeSymbol Context, DocumentId Document, TextSpan Span, TextSpan LastJsonSerializable);

    /// <summary>Adds every event of the scope's WHIZ301s in one edit per project (a batch of single fixes would collide on one spot).</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static FixAll Instance { get; } = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
            Task.FromResult<CodeAction?>(CodeAction.Create("Add every missing event to the JsonSerializerContext", ct => FixAsync(fixAllContext, ct), EquivalenceKey));

        private static async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
        {
            var solution = context.Solution;
            var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : [context.Project];
            foreach (var project in projects.ToList())
            {
                var diagnostics = context.Scope == FixAllScope.Document && context.Document is { } only
                    ? await context.GetDocumentDiagnosticsAsync(only).ConfigureAwait(false)
                    : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (compilation is null || diagnostics.IsEmpty || await FindContextAsync(project, compilation, cancellationToken).ConfigureAwait(false) is not { } target)
                {
                    continue;
                }

                var events = new List<INamedTypeSymbol>();
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
                {
                    if (await EventTypeAtAsync(diagnostic, compilation, cancellationToken).ConfigureAwait(false) is { } eventType
                        && CanAdd(target.Context, eventType, compilation)
                        && !events.Contains(eventType, SymbolEqualityComparer.Default))
                    {
                        events.Add(eventType);
                    }
                }

                if (events.Count > 0)
                {
                    solution = await AddAsync(solution, target, events, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }
    }
}
