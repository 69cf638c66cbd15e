using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class AggregateDiagnosticTests
{
    private const string Usings = "using Whizbang.EventSourcing.Aggregates; using Whizbang.Messaging;\n";
    private const string Events = """
        [OwnedBy("A")] public sealed record Opened(string Id) : IEvent;
        [OwnedBy("A")] public sealed record Closed : IEvent;
        [OwnedBy("A")] public sealed record Renamed(string Name) : IEvent;

        """;

    [Fact]
    public void WHIZ007_RaisingAnEventWithoutApply_IsAnErrorAtTheRaise()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class Account : Aggregate
            {
                public void Open() => Raise(new Opened(Id));
                public void Close() { IEvent e = new Closed(); Raise(e); var closed = new Closed(); Raise(closed); }
                private void Apply(Opened e) { }
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ007", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'Account' raises 'Closed'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Apply(Closed e)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("closed", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan)); // Raise(e) has static type IEvent: not checked
    }

    [Fact]
    public void WHIZ007_EventAppliedThroughABaseTypeOrInterface_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            public interface INote : IEvent;
            [OwnedBy("A")] public sealed record Noted(string Text) : INote;
            [OwnedBy("A")] public record Moved(int To) : IEvent;
            [OwnedBy("A")] public sealed record Jumped(int To) : Moved(To);
            public sealed partial class Board : Aggregate
            {
                public void Note() => Raise(new Noted("x"));
                public void Jump() => this.Raise(new Jumped(3));
                private void Apply(INote e) { }
                private void Apply(Moved e) { }
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("private static void Apply(Opened e) { }", "is static")]
    [InlineData("private int Apply(Opened e) => 0;", "returns 'int'")]
    [InlineData("private void Apply(Opened e, Closed c) { }", "takes 2 parameters")]
    [InlineData("private void Apply() { }", "takes 0 parameters")]
    [InlineData("private void Apply<T>(T e) where T : IEvent { }", "is generic")]
    [InlineData("private void Apply(string e) { }", "takes 'string', which does not implement IEvent")]
    [InlineData("private void Apply(in Opened e) { }", "takes its event by in")]
    public void WHIZ008_ApplyWithAnInvalidSignature_IsAnErrorAndLeftOut(string apply, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class Account : Aggregate
            {
                {{apply}}
                private void Apply(Renamed e) { }
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == "Account.Aggregate.g.cs").SourceText.ToString();
        Assert.Contains("case global::Renamed e:", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("global::Opened", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ008_ApplyInAnAbstractBaseAggregate_IsChecked()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public abstract class AccountBase : Aggregate
            {
                protected int Apply(Opened e) => 0;
            }
            """));

        Assert.Equal("WHIZ008", Assert.Single(run.Diagnostics).Id);
    }

    [Theory]
    [InlineData("public sealed class Account : Aggregate { private void Apply(Opened e) { } }", "is not declared partial")]
    [InlineData("public sealed partial class Account : Aggregate { public Account(string id) { Id = id; } private void Apply(Opened e) { } }", "no parameterless constructor")]
    [InlineData("public sealed partial class Account<T> : Aggregate { private void Apply(Opened e) { } }", "is generic")]
    [InlineData("public class Outer { public sealed partial class Account : Aggregate { private void Apply(Opened e) { } } }", "is nested in 'Outer', which is not declared partial")]
    [InlineData("public partial class Outer { private sealed partial class Account : Aggregate { private void Apply(Opened e) { } } }", "is private")]
    public void WHIZ009_AggregateThatCannotBeCompleted_IsAnErrorAndNotRegistered(string aggregate, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + aggregate));

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "WHIZ009");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Aggregate.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("AggregateDescriptor<", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ009_PrivateParameterlessConstructor_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class Account : Aggregate
            {
                private Account() { }
                public Account(string id) { Id = id; }
                private void Apply(Opened e) { }
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ301_EventMissingFromEveryJsonContext_WarnsAtTheEvent()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            [System.Text.Json.Serialization.JsonSerializable(typeof(Opened))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(System.Collections.Generic.List<Renamed>))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ301", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Event 'Closed' is not in any JsonSerializerContext of this compilation (AppJson)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("[JsonSerializable(typeof(Closed))]", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ301_EventReachedThroughAPropertyOrDerivedType_IsCovered()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed record Batch(Opened First, Closed[] Rest);
            [System.Text.Json.Serialization.JsonDerivedType(typeof(Renamed))] public interface IChange;
            public sealed record Holder(IChange Change);
            [System.Text.Json.Serialization.JsonSerializable(typeof(Batch))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Holder))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "WHIZ301");
    }

    [Fact]
    public void WHIZ301_WithoutAnyJsonContext_IsNotReported()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ301_CanBeSuppressedWithPragma()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            #pragma warning disable WHIZ301 // only published in process, never stored
            [OwnedBy("A")] public sealed record Pinged : IEvent;
            #pragma warning restore WHIZ301
            [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "WHIZ301" && !d.IsSuppressed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public void WHIZ011_InvalidAggregateName_IsAnError(string name)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            [AggregateName("{{name}}")]
            public sealed partial class Account : Aggregate { private void Apply(Opened e) { } }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ011", diagnostic.Id);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Aggregate.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ011_OverlongAggregateName_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            [AggregateName("{{new string('a', 101)}}")]
            public sealed partial class Account : Aggregate { private void Apply(Opened e) { } }
            """));

        Assert.Equal("WHIZ011", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void WHIZ012_TwoAggregatesWithTheSameName_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            namespace One { public sealed partial class Account : Aggregate { private void Apply(Opened e) { } } }
            namespace Two { [AggregateName("account")] public sealed partial class Ledger : Aggregate { private void Apply(Opened e) { } } }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ012", diagnostic.Id);
        Assert.Contains("'One.Account' and 'Two.Ledger' are both named 'account'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Order", "order")]
    [InlineData("ShoppingCart", "shopping-cart")]
    [InlineData("HTTPRequestLog", "http-request-log")]
    [InlineData("Order2Line", "order2-line")]
    public void DefaultAggregateName_IsTheTypeNameInKebabCase(string typeName, string expected)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class {{typeName}} : Aggregate { private void Apply(Opened e) { } }
            """));

        Assert.Empty(run.Errors);
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == typeName + ".Aggregate.g.cs").SourceText.ToString();
        Assert.Contains($".AggregateName => \"{expected}\";", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AggregateInAReferencedLibrary_IsRegisteredByTheApplication()
    {
        var library = GeneratorRun.Run(TestCompilation.Library("Shop.Domain", Usings + """
            namespace Shop.Domain;
            [OwnedBy("Shop")] public sealed record Opened(string Id) : IEvent;
            [OwnedBy("Shop")] public sealed partial class Account : Aggregate { private Account() { } private void Apply(Opened e) { } }
            internal sealed partial class Hidden : Aggregate { private void Apply(Opened e) { } }
            """));
        Assert.Empty(library.Errors);
        var image = TestCompilation.Emit(library.Output);

        var app = GeneratorRun.Run(TestCompilation.Create("TestApp", OutputKind.ConsoleApplication, [MetadataReference.CreateFromImage(image)],
            TestCompilation.WithEntryPoint(["namespace App; public static class Nothing { }"])));

        Assert.Empty(app.Errors);
        var registry = Assert.Single(app.GeneratedSources, s => s.HintName == "TestAppHandlerRegistry.g.cs").SourceText.ToString();
        Assert.Contains("AggregateDescriptor<global::Shop.Domain.Account>(\"Shop\")", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", registry, StringComparison.Ordinal);
    }
}
