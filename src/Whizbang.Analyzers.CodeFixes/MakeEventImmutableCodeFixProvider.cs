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
using Whizbang.Analyzers.Events;

namespace Whizbang.Analyzers.CodeFixes;

/// <summary>
/// Fixes WHIZ104 where the fix is mechanical: <c>set</c> becomes <c>init</c>, a field becomes <c>readonly</c>, a record
/// struct with positional properties becomes <c>readonly</c>. A mutable collection gets no fix: which read-only or
/// immutable type fits (and what its callers then pass) is for a person to choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeEventImmutableCodeFixProvider)), Shared]
public sealed class MakeEventImmutableCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(WhizbangAnalyzerDiagnostics.MutableEvent.Id);

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
            if (!diagnostic.Properties.TryGetValue(MutableEventFix.PropertyName, out var fix))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var action = fix switch
            {
                MutableEventFix.SetToInit => SetToInit(context.Document, root, node),
                MutableEventFix.ReadonlyField => ReadonlyField(context.Document, root, node),
                MutableEventFix.ReadonlyRecordStruct => ReadonlyRecordStruct(context.Document, root, node),
                _ => null,
            };
            if (action is not null)
            {
                context.RegisterCodeFix(action, diagnostic);
            }
        }
    }

    private static CodeAction? SetToInit(Document document, SyntaxNode root, SyntaxNode node)
    {
        var setter = node.FirstAncestorOrSelf<PropertyDeclarationSyntax>()?.AccessorList?.Accessors
            .FirstOrDefault(a => a.IsKind(SyntaxKind.SetAccessorDeclaration));
        if (setter is null)
        {
            return null;
        }

        var init = SyntaxFactory.AccessorDeclaration(SyntaxKind.InitAccessorDeclaration, setter.AttributeLists, setter.Modifiers,
            SyntaxFactory.Token(setter.Keyword.LeadingTrivia, SyntaxKind.InitKeyword, setter.Keyword.TrailingTrivia),
            setter.Body, setter.ExpressionBody, setter.SemicolonToken);
        return Create("Make the setter init-only", MutableEventFix.SetToInit, document, root.ReplaceNode(setter, init));
    }

    private static CodeAction? ReadonlyField(Document document, SyntaxNode root, SyntaxNode node)
    {
        var field = node.FirstAncestorOrSelf<FieldDeclarationSyntax>();
        if (field is null || field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            return null;
        }

        var updated = field.Modifiers.Count == 0
            ? field.WithModifiers(SyntaxFactory.TokenList(ReadonlyKeyword(field.Declaration.Type.GetLeadingTrivia())))
                .WithDeclaration(field.Declaration.WithType(field.Declaration.Type.WithoutLeadingTrivia()))
            : field.WithModifiers(WithReadonly(field.Modifiers));
        return Create("Make the field readonly", MutableEventFix.ReadonlyField, document, root.ReplaceNode(field, updated));
    }

    private static CodeAction? ReadonlyRecordStruct(Document document, SyntaxNode root, SyntaxNode node)
    {
        var record = node.FirstAncestorOrSelf<RecordDeclarationSyntax>();
        if (record is null || !record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) || record.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            return null;
        }

        var updated = record.Modifiers.Count == 0
            ? record.WithModifiers(SyntaxFactory.TokenList(ReadonlyKeyword(record.Keyword.LeadingTrivia)))
                .WithKeyword(record.Keyword.WithLeadingTrivia())
            : record.WithModifiers(WithReadonly(record.Modifiers));
        return Create("Make the record struct readonly", MutableEventFix.ReadonlyRecordStruct, document, root.ReplaceNode(record, updated));
    }

    /// <summary>
    /// Adds <c>readonly</c> to a non-empty modifier list where the C# style guides put it: after the accessibility,
    /// <c>static</c> and <c>new</c> modifiers, before <c>partial</c> and the rest.
    /// </summary>
    private static SyntaxTokenList WithReadonly(SyntaxTokenList modifiers)
    {
        var index = 0;
        while (index < modifiers.Count && modifiers[index].Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword
            or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword or SyntaxKind.FileKeyword or SyntaxKind.StaticKeyword or SyntaxKind.NewKeyword)
        {
            index++;
        }

        if (index == 0)
        {
            var first = modifiers[0];
            return modifiers.Replace(first, first.WithLeadingTrivia(SyntaxFactory.Space))
                .Insert(0, ReadonlyKeyword(first.LeadingTrivia));
        }

        return modifiers.Insert(index, ReadonlyKeyword(default));
    }

    private static SyntaxToken ReadonlyKeyword(SyntaxTriviaList leading) =>
        SyntaxFactory.Token(leading, SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));

    private static CodeAction Create(string title, string equivalenceKey, Document document, SyntaxNode newRoot) =>
        CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(newRoot)), equivalenceKey);
}
