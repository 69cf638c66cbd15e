using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Whizbang.Analyzers.CodeFixes;

/// <summary>
/// Fixes WHIZ108 by removing <c>[PublicMessage]</c> and keeping the <c>[RequiresPermission]</c>s: of the two readings,
/// the one that refuses callers without the permissions is the safe one. A person who meant the message to be public
/// removes the permissions instead, by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemovePublicMessageCodeFixProvider)), Shared]
public sealed class RemovePublicMessageCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "Whizbang.RemovePublicMessage";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(WhizbangAnalyzerDiagnostics.PublicMessageWithPermission.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax list } attribute
                || attribute.Span != diagnostic.Location.SourceSpan)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create("Remove [PublicMessage] and keep the permissions", _ => Task.FromResult(document.WithSyntaxRoot(Remove(root, list, attribute))), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Removes the attribute from its list, or the whole list when it is alone there. A removed list's leading trivia
    /// (a documentation comment above it, say) moves to what follows, without doubling the indentation.
    /// </summary>
    private static SyntaxNode Remove(SyntaxNode root, AttributeListSyntax list, AttributeSyntax attribute)
    {
        if (list.Attributes.Count > 1)
        {
            return root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        // What follows on the same line has no leading trivia and takes the list's as it is; on the next line it has
        // its own indentation, which replaces the list's.
        var next = list.GetLastToken().GetNextToken();
        var leading = list.GetLeadingTrivia();
        var kept = next.LeadingTrivia.Count == 0
            ? leading
            : leading.Take(leading.Count - leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Count());
        var annotation = new SyntaxAnnotation();
        var marked = root.ReplaceSyntax(
            [list], (_, rewritten) => rewritten.WithAdditionalAnnotations(annotation),
            [next], (_, rewritten) => rewritten.WithLeadingTrivia(kept.Concat(next.LeadingTrivia)),
            trivia: null, computeReplacementTrivia: null);
        return marked.RemoveNode(marked.GetAnnotatedNodes(annotation).Single(), SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}
