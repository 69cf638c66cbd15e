using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class ProjectionDiagnosticTests
{
    private const string Usings = "using Whizbang.Messaging; using Whizbang.Projections;\n";
    private const string Events = """
        [OwnedBy("A")] public sealed record Opened(string Id) : IEvent;
        [OwnedBy("A")] public sealed record Closed(string Id) : IEvent;
        [OwnedBy("A")] public sealed record Renamed(string Id, string Name) : IEvent;
        public interface IAccountEvent : IEvent { string Id { get; } }
        [OwnedBy("A")] public sealed record Frozen(string Id) : IAccountEvent;
        public sealed record Account(string Id, string Name);

        """;

    private const string Valid = """
        private static Account Create(Opened e) => new(e.Id, "");
        private static Account Apply(Account a, Renamed e) => a with { Name = e.Name };
        """;

    [Theory]
    [InlineData("public sealed class AccountProjection : Projection<Account> { private static Account Create(Opened e) => new(e.Id, \"\"); }", "is not declared partial; add the 'partial' modifier")]
    [InlineData("public class Outer { public sealed partial class AccountProjection : Projection<Account> { private static Account Create(Opened e) => new(e.Id, \"\"); } }", "is nested in 'Outer', which is not declared partial")]
    [InlineData("public partial class Outer<T> { public sealed partial class AccountProjection : Projection<Account> { private static Account Create(Opened e) => new(e.Id, \"\"); } }", "is nested in generic type 'Outer'")]
    public void WHIZ013_ProjectionThatCannotBeCompleted_IsAnErrorAndNeitherCompletedNorRegistered(string projection, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + projection));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("so the generator does not complete or register it", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("AccountProjection", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Projection.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("ProjectionDescriptor<", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("public partial class Outer { private sealed partial class AccountProjection : Projection<Account> { private static Account Create(Opened e) => new(e.Id, \"\"); } }", "is not accessible from generated code ('AccountProjection' is private)")]
    [InlineData("public sealed partial class AccountProjection : Projection<Account> { private AccountProjection() { } private static Account Create(Opened e) => new(e.Id, \"\"); }", "has no public constructor, so the container cannot create it")]
    public void WHIZ013_ProjectionTheContainerCannotCreate_IsAnErrorAndCompletedButNotRegistered(string projection, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + projection));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ013", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("so the generator does not register it", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Errors, e => e.Id != "WHIZ013"); // completed, so no missing-override errors pile up
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith("AccountProjection.Projection.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("ProjectionDescriptor<", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ013_ProjectionWithServicesInItsPublicConstructor_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection(System.TimeProvider clock) : Projection<Account>
            {
                private Account Create(Opened e) => new(e.Id, clock.GetUtcNow().ToString());
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains(run.GeneratedSources, s => s.SourceText.ToString().Contains("ProjectionDescriptor<global::AccountProjection, global::Account>(\"account\")", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ014_AbstractProjectionWithMethods_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public abstract partial class AccountProjectionBase : Projection<Account>
            {
                {{Valid}}
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("Projection 'AccountProjectionBase' is abstract, so its own Create, Apply and DocumentId methods are never called", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Projection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ014_GenericProjection_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class CountProjection<T> : Projection<Account>
            {
                private static Account Create(Opened e) => new(e.Id, typeof(T).Name);
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ014", diagnostic.Id);
        Assert.Contains("Projection 'CountProjection<T>' is generic", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Projection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ014_AbstractBaseWithoutMethods_IsFine_AndItsSubclassIsCompleted()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public abstract class AuditedProjection<TDocument> : Projection<TDocument> where TDocument : class
            {
                protected static string Audit(string text) => "audited " + text;
            }

            public sealed partial class AccountProjection : AuditedProjection<Account>
            {
                private static Account Create(Opened e) => new(e.Id, Audit(e.Id));
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains(run.GeneratedSources, s => s.HintName == "AccountProjection.Projection.g.cs");
        Assert.Contains(run.GeneratedSources, s => s.SourceText.ToString().Contains("ProjectionDescriptor<global::AccountProjection, global::Account>(\"account\")", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("private static string Create(Opened e) => \"\";", "Create method 'AccountProjection.Create(Opened)'", "returns 'string', not the projection's document type 'Account'")]
    [InlineData("private static Account Create() => new(\"\", \"\");", "Create method", "takes 0 parameters")]
    [InlineData("private static Account Create(Opened e, EventContext c, int x) => new(\"\", \"\");", "Create method", "takes 3 parameters")]
    [InlineData("private static Account Create(string id) => new(id, \"\");", "Create method", "takes 'string', which does not implement IEvent")]
    [InlineData("private static Account Create(Opened e, int version) => new(e.Id, \"\");", "Create method", "takes 'int' after the event, where only an EventContext may follow it")]
    [InlineData("private static Account Create(Opened e, ref EventContext c) => new(e.Id, \"\");", "Create method", "takes its EventContext by ref")]
    [InlineData("private static Account Create<T>(T e) where T : IEvent => new(\"\", \"\");", "Create method", "is generic")]
    [InlineData("private static Account Apply(string a, Opened e) => new(e.Id, a);", "Apply method 'AccountProjection.Apply(string, Opened)'", "takes 'string' first, not the projection's document type 'Account'")]
    [InlineData("private static int Apply(Account a, Opened e) => 0;", "Apply method", "returns 'int', neither void nor the projection's document type 'Account'")]
    [InlineData("private static void Apply(Account a) { }", "Apply method", "takes 1 parameter")]
    [InlineData("private static void Apply(ref Account a, Opened e) { }", "Apply method", "takes its document by ref")]
    [InlineData("private static Account? Apply(Account a, IEvent e, in EventContext c) => a;", "Apply method", "has the signature of the generated Apply(TDocument?, IEvent, in EventContext) override")]
    [InlineData("private static int DocumentId(Opened e) => 0;", "DocumentId method 'AccountProjection.DocumentId(Opened)'", "returns 'int', not string")]
    [InlineData("private static string? DocumentId(Opened e) => null;", "DocumentId method", "returns 'string?', but a document id is never null")]
    [InlineData("private static string DocumentId(in Opened e) => e.Id;", "DocumentId method", "takes its event by in")]
    [InlineData("private static string DocumentId(object e) => \"\";", "DocumentId method", "takes 'object', which does not implement IEvent")]
    public void WHIZ015_MethodWithAnInvalidSignature_IsAnErrorAndLeftOut(string method, string subject, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection : Projection<Account>
            {
                {{method}}
                private static Account Create(Renamed e) => new(e.Id, e.Name);
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ015", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith(subject, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains($"of projection 'AccountProjection' {reason}; a ", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("It is left out.", diagnostic.GetMessage(), StringComparison.Ordinal);
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == "AccountProjection.Projection.g.cs").SourceText.ToString();
        Assert.Contains("case global::Renamed e:", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("global::Opened", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ015_EveryValidShape_IsAccepted()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public class Ledger { public int Entries { get; set; } }
            public sealed class SpecialLedger : Ledger;
            public sealed partial class LedgerProjection : Projection<Ledger>
            {
                public Ledger Create(Opened e) => new SpecialLedger();
                internal static Ledger Create(Renamed e, in EventContext context) => new();
                protected internal void Apply(Ledger ledger, Closed e, EventContext context) => ledger.Entries++;
                private Ledger? Apply(Ledger ledger, Frozen e) => null;
                private static SpecialLedger Apply(Ledger ledger, IAccountEvent e) => new();
                private string DocumentId(IAccountEvent e, EventContext context) => e.Id;
                private static string DocumentId(Opened e) => e.Id;
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ016_TwoMethodsOfOneKindForOneEvent_IsAnErrorAtTheSecond()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class AccountProjection : Projection<Account>
            {
                private static Account Create(Opened e) => new(e.Id, "");
                private static Account Apply(Account a, Renamed e) => a with { Name = e.Name };
                private static Account Apply(Account a, Renamed e, EventContext context) => a with { Name = e.Name + context.Version };
                private static string DocumentId(Opened e) => e.Id;
                private static string DocumentId(Opened e, EventContext context) => e.Id;
            }
            """));

        Assert.Equal(2, run.Diagnostics.Length);
        Assert.All(run.Diagnostics, d => Assert.Equal(("WHIZ016", DiagnosticSeverity.Error), (d.Id, d.Severity)));
        Assert.Equal(
            [
                "Apply method 'AccountProjection.Apply(Account, Renamed, EventContext)' of projection 'AccountProjection' is for 'Renamed', like 'AccountProjection.Apply(Account, Renamed)'; a projection has one Apply method per event type. It is left out.",
                "DocumentId method 'AccountProjection.DocumentId(Opened, EventContext)' of projection 'AccountProjection' is for 'Opened', like 'AccountProjection.DocumentId(Opened)'; a projection has one DocumentId method per event type. It is left out.",
            ],
            run.Diagnostics.Select(d => d.GetMessage()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(run.Errors, e => e.Id != "WHIZ016"); // the first of each is used, and the generated code compiles
    }

    [Fact]
    public void WHIZ016_CreateAndApplyForOneEvent_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class AccountProjection : Projection<Account>
            {
                private static Account Create(Renamed e) => new(e.Id, e.Name);
                private static Account Apply(Account a, Renamed e) => a with { Name = e.Name };
                private static string DocumentId(Renamed e) => e.Id;
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ017_DocumentIdForAnEventTheProjectionDoesNotRead_IsAWarningAndLeftOut()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection : Projection<Account>
            {
                {{Valid}}
                private static string DocumentId(Closed e) => e.Id;
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ017", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "DocumentId method 'AccountProjection.DocumentId(Closed)' of projection 'AccountProjection' is for 'Closed', which no Create or Apply method of the projection takes; the projection does not read that event, so the method is never called",
            diagnostic.GetMessage());
        Assert.Empty(run.Errors);
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == "AccountProjection.Projection.g.cs").SourceText.ToString();
        Assert.DoesNotContain("global::Closed", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ017_DocumentIdForABaseTypeOrASubtypeOfAReadEvent_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class AccountProjection : Projection<Account>
            {
                private static Account Create(Opened e) => new(e.Id, "");
                private static Account Apply(Account a, IAccountEvent e) => a;
                private static string DocumentId(IEvent e) => "all";
                private static string DocumentId(Frozen e) => e.Id;
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ018_ProjectionWithoutCreateOrApply_IsAWarning()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class AccountProjection : Projection<Account>
            {
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ018", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Projection 'AccountProjection' has no Create or Apply method", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'private static Account Create(TheEvent e)'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Errors); // still completed: it compiles and reads nothing
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == "AccountProjection.Projection.g.cs").SourceText.ToString();
        Assert.Contains("private static readonly global::System.Type[] s_eventTypes = [];", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ018_ProjectionWithOnlyApplyMethods_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + """
            public sealed partial class AccountProjection : Projection<Account>
            {
                private static Account Apply(Account a, Renamed e) => a with { Name = e.Name };
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Accounts")]
    [InlineData("1st-accounts")]
    [InlineData("-accounts")]
    [InlineData("account summary")]
    [InlineData("account_summary")]
    [InlineData("accounts.v2")]
    [InlineData("comptes-réservés")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void WHIZ019_InvalidProjectionName_IsAnErrorAndNotRegistered(string name)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            [ProjectionName("{{name}}")]
            public sealed partial class AccountProjection : Projection<Account>
            {
                {{Valid}}
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ019", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains($"Projection 'AccountProjection' is named '{name}', which is not a valid projection name", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("correct its [ProjectionName]", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Errors, e => e.Id != "WHIZ019");
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("ProjectionDescriptor<", StringComparison.Ordinal));
    }

    [Fact]
    public void WHIZ019_InvalidDefaultName_AsksForAProjectionName()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class Account_SummaryProjection : Projection<Account>
            {
                {{Valid}}
            }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ019", diagnostic.Id);
        Assert.Contains("is named 'account_summary'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("the name comes from the class name: give the class a [ProjectionName(\"...\")]", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("account-summary-2")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void WHIZ019_ValidProjectionName_IsUsed(string name)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            [ProjectionName("{{name}}")]
            public sealed partial class AccountProjection : Projection<Account>
            {
                {{Valid}}
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains(run.GeneratedSources, s => s.SourceText.ToString().Contains($"public override string Name => \"{name}\";", StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources, s => s.SourceText.ToString().Contains($"ProjectionDescriptor<global::AccountProjection, global::Account>(\"{name}\")", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AccountSummaryProjection", "account-summary")]
    [InlineData("AccountSummary", "account-summary")]
    [InlineData("HTTPLogProjection", "http-log")]
    [InlineData("Ledger2Projection", "ledger2")]
    [InlineData("ProjectionProjection", "projection")]
    public void DefaultProjectionName_IsTheClassNameWithoutProjectionInKebabCase(string className, string expected)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class {{className}} : Projection<Account>
            {
                {{Valid}}
            }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
        var generated = Assert.Single(run.GeneratedSources, s => s.HintName == className + ".Projection.g.cs").SourceText.ToString();
        Assert.Contains($"public override string Name => \"{expected}\";", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ020_TwoProjectionsWithTheSameName_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed record Ledger(string Id);
            namespace One { public sealed partial class AccountsProjection : Projection<Account> { {{Valid}} } }
            namespace Two { [ProjectionName("accounts")] public sealed partial class Ledgers : Projection<Ledger> { private static Ledger Create(Opened e) => new(e.Id); } }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ020", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("Projections 'One.AccountsProjection' and 'Two.Ledgers' are both named 'accounts'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Ledgers", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void WHIZ021_TwoProjectionsOfTheSameDocumentType_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            public sealed partial class OtherAccountProjection : Projection<Account> { {{Valid}} }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Projections 'AccountProjection' and 'OtherAccountProjection' both build 'Account'; a document type belongs to one projection, whose documents IProjectionStore<Account> reads. Give each projection its own document type.",
            diagnostic.GetMessage());
    }

    [Fact]
    public void WHIZ020_WHIZ021_ProjectionsWithDistinctNamesAndDocuments_AreFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed record Ledger(string Id);
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            public sealed partial class LedgerProjection : Projection<Ledger> { private static Ledger Create(Opened e) => new(e.Id); }
            """));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ302_DocumentMissingFromEveryJsonContext_WarnsAtTheProjection()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            [System.Text.Json.Serialization.JsonSerializable(typeof(Opened))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Closed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Renamed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Frozen))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ302", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "Document type 'Account' of projection 'AccountProjection' is not in any JsonSerializerContext of this compilation (AppJson); add [JsonSerializable(typeof(Account))] to one of them, or the projection fails when it stores a document",
            diagnostic.GetMessage());
        Assert.Equal("AccountProjection", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void WHIZ302_DocumentRootOrReachedThroughAProperty_IsCovered()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed record Ledger(string Id);
            public sealed record Snapshot(Ledger[] Ledgers);
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            public sealed partial class LedgerProjection : Projection<Ledger> { private static Ledger Create(Opened e) => new(e.Id); }
            [System.Text.Json.Serialization.JsonSerializable(typeof(Opened))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Closed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Renamed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Frozen))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Account))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Snapshot))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ302_WithoutAnyJsonContext_IsNotReported()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            """));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ302_CanBeSuppressedWithPragma()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + Events + $$"""
            #pragma warning disable WHIZ302 // serialized by a context of another project
            public sealed partial class AccountProjection : Projection<Account> { {{Valid}} }
            #pragma warning restore WHIZ302
            [System.Text.Json.Serialization.JsonSerializable(typeof(Opened))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Closed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Renamed))]
            [System.Text.Json.Serialization.JsonSerializable(typeof(Frozen))]
            internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
            """));

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "WHIZ302" && !d.IsSuppressed);
    }

    [Fact]
    public void EventTypes_OfAnInterfaceMethod_AreTheEventsImplementingIt_InTheCompilationAndItsReferences()
    {
        var library = GeneratorRun.Run(TestCompilation.Library("Shop.Contracts", Usings + """
            namespace Shop.Contracts;
            public interface IAccountEvent : IEvent { string Id { get; } }
            [OwnedBy("A")] public sealed record Debited(string Id) : IAccountEvent;
            [OwnedBy("A")] internal sealed record Hidden(string Id) : IAccountEvent;
            """));
        Assert.Empty(library.Errors);
        var image = TestCompilation.Emit(library.Output);

        var app = GeneratorRun.Run(TestCompilation.Create("TestApp", OutputKind.ConsoleApplication, [MetadataReference.CreateFromImage(image)],
            TestCompilation.WithEntryPoint([Usings + """
                using Shop.Contracts;
                [OwnedBy("A")] public sealed record Credited(string Id) : IAccountEvent;
                public abstract record Adjusted(string Id) : IAccountEvent;
                [OwnedBy("A")] public sealed record Corrected(string Id) : Adjusted(Id);
                public sealed record Balance(string Id);
                public sealed partial class BalanceProjection : Projection<Balance>
                {
                    private static Balance Create(IAccountEvent e) => new(e.Id);
                }
                """])));

        Assert.Empty(app.Errors);
        Assert.Empty(app.Diagnostics);
        var generated = Assert.Single(app.GeneratedSources, s => s.HintName == "BalanceProjection.Projection.g.cs").SourceText.ToString();
        Assert.Contains(
            """
                private static readonly global::System.Type[] s_eventTypes =
                [
                    typeof(global::Corrected),
                    typeof(global::Credited),
                    typeof(global::Shop.Contracts.Debited),
                ];
            """,
            generated,
            StringComparison.Ordinal);
    }
}
