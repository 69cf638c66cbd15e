using System.Text;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// Writes the rest of a projection's partial class: its name, the event types it reads, and the two type switches
/// over its methods (<c>DocumentIdFor</c> and <c>Apply</c>). Never touches a symbol.
/// </summary>
internal static class ProjectionEmitter
{
    private const string Event = "global::Whizbang.Messaging.IEvent";
    private const string Context = "global::Whizbang.Projections.EventContext";
    private const string TypeList = "global::System.Collections.Generic.IReadOnlyList<global::System.Type>";

    public static (string HintName, string Source) Emit(ProjectionModel model)
    {
        var w = new SourceWriter().FileHeader();
        if (model.Namespace is not null)
        {
            w.OpenBlock($"namespace {model.Namespace}");
        }

        foreach (var outer in model.ContainingTypes)
        {
            w.OpenBlock($"partial {outer.Keyword} {outer.Name}");
        }

        w.OpenBlock($"partial class {model.ClassName}");
        EmitEventTypesField(w, model);
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Line($"public override string Name => {Literal(model.ProjectionName)};");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Line($"public override {TypeList} EventTypes => s_eventTypes;");
        w.Line();
        EmitDocumentIdFor(w, model);
        w.Line();
        EmitApply(w, model);
        w.CloseBlock();

        foreach (var _ in model.ContainingTypes)
        {
            w.CloseBlock();
        }

        if (model.Namespace is not null)
        {
            w.CloseBlock();
        }

        return ($"{HintName(model)}.Projection.g.cs", w.ToString());
    }

    private static void EmitEventTypesField(SourceWriter w, ProjectionModel model)
    {
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        if (model.EventTypes.Count == 0)
        {
            w.Line("private static readonly global::System.Type[] s_eventTypes = [];");
            return;
        }

        w.Line("private static readonly global::System.Type[] s_eventTypes =");
        w.Line("[").Indent();
        foreach (var eventType in model.EventTypes)
        {
            w.Line($"typeof({eventType}),");
        }

        w.Outdent().Line("];");
    }

    private static void EmitDocumentIdFor(SourceWriter w, ProjectionModel model)
    {
        w.Line("/// <inheritdoc />");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Line($"public override string DocumentIdFor({Event} @event, in {Context} context)");
        w.Indent();
        if (model.DocumentIdCases.Count == 0)
        {
            w.Line("=> context.Stream.Id;").Outdent();
            return;
        }

        w.Line("=> @event switch").Line("{").Indent();
        foreach (var documentId in model.DocumentIdCases)
        {
            w.Line($"{documentId.EventTypeName} e => DocumentId(e{(documentId.TakesContext ? ", context" : string.Empty)}),");
        }

        w.Line("_ => context.Stream.Id,");
        w.Outdent().Line("};").Outdent();
    }

    private static void EmitApply(SourceWriter w, ProjectionModel model)
    {
        var document = model.DocumentTypeName;
        w.Line("/// <inheritdoc />");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        var signature = $"public override {document}? ApplyEvent({document}? current, {Event} @event, in {Context} context)";
        if (model.ApplyCases.Count == 0)
        {
            w.Line(signature).Indent().Line("=> current;").Outdent();
            return;
        }

        w.OpenBlock(signature);
        w.OpenBlock("switch (@event)");
        foreach (var @case in model.ApplyCases)
        {
            w.Line($"case {@case.EventTypeName} e:").Indent();
            EmitCase(w, @case);
            w.Outdent();
        }

        w.Line("default:").Indent();
        w.Line("return current;").Outdent();
        w.CloseBlock();
        w.CloseBlock();
    }

    private static void EmitCase(SourceWriter w, ProjectionCaseModel @case)
    {
        var create = @case.Create is { } c ? $"Create(e{(c.TakesContext ? ", context" : string.Empty)})" : null;
        var apply = @case.Apply is { } a ? $"Apply(current, e{(a.TakesContext ? ", context" : string.Empty)})" : null;
        switch (@case.Apply)
        {
            case null:
                w.Line($"return {create};");
                break;
            case { ReturnsDocument: true }:
                w.Line($"return current is null ? {create ?? "null"} : {apply};");
                break;
            default:
                // A void Apply changes the document in place.
                w.OpenBlock("if (current is null)");
                w.Line(create is null ? "return null;" : $"return {create};");
                w.CloseBlock();
                w.Line();
                w.Line($"{apply};");
                w.Line("return current;");
                break;
        }
    }

    /// <summary>The type's metadata name, <c>Namespace.Outer+Inner</c>, as reflection and the other generators' files spell it.</summary>
    private static string HintName(ProjectionModel model)
    {
        var builder = new StringBuilder();
        if (model.Namespace is not null)
        {
            builder.Append(model.Namespace).Append('.');
        }

        foreach (var outer in model.ContainingTypes)
        {
            builder.Append(outer.Name).Append('+');
        }

        return builder.Append(model.ClassName).ToString();
    }

    private static string Literal(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
