using System.Text;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Aggregates;

/// <summary>
/// Writes the rest of an aggregate's partial class: the Apply dispatch (a type switch over its Apply methods),
/// and the static name and factory of <c>IAggregate&lt;TSelf&gt;</c>. Never touches a symbol.
/// </summary>
internal static class AggregateEmitter
{
    private const string Aggregates = "global::Whizbang.EventSourcing.Aggregates";

    public static (string HintName, string Source) Emit(AggregateModel model)
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

        var self = model.TypeName;
        var contract = $"{Aggregates}.IAggregate<{self}>";
        w.OpenBlock($"partial class {model.ClassName} : {contract}");
        w.Line($"/// <summary>The stable name of this aggregate: its streams are <c>{Xml(model.AggregateName)}-{{id}}</c>.</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Line($"static string {contract}.AggregateName => {Literal(model.AggregateName)};");
        w.Line();
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Line($"static {self} {contract}.Create() => new {self}();");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.OpenBlock("protected override void ApplyEvent(global::Whizbang.Messaging.IEvent @event)");
        w.OpenBlock("switch (@event)");
        foreach (var eventType in model.ApplyEventTypes)
        {
            w.Line($"case {eventType} e:").Indent();
            w.Line("Apply(e);");
            w.Line("break;").Outdent();
        }

        w.Line("default:").Indent();
        w.Line($"throw new {Aggregates}.MissingApplyMethodException(typeof({self}), @event);").Outdent();
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();

        foreach (var _ in model.ContainingTypes)
        {
            w.CloseBlock();
        }

        if (model.Namespace is not null)
        {
            w.CloseBlock();
        }

        return ($"{HintName(model)}.Aggregate.g.cs", w.ToString());
    }

    /// <summary>The type's metadata name, <c>Namespace.Outer+Inner</c>, as reflection and the other generators' files spell it.</summary>
    private static string HintName(AggregateModel model)
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

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Literal(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
