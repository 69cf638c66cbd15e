using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = "using System.Threading; using System.Threading.Tasks; using Whizbang.Messaging;\n";

    [Fact]
    public void WHIZ001_CommandWithoutHandler_WarnsInApplications()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + "[OwnedBy(\"A\")] public sealed record Lonely : ICommand;"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Lonely' is a command", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void WHIZ001_QueryWithoutHandler_IsNotReportedInLibraries()
    {
        var run = GeneratorRun.Run(TestCompilation.Library("Contracts", Usings + "[OwnedBy(\"A\")] public sealed record Find : IQuery<int>;"));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ001_EventWithoutHandler_IsFine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + "[OwnedBy(\"A\")] public sealed record Happened : IEvent;"));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ002_TwoHandlersForOneCommand_IsAnErrorAtEachHandler()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            [OwnedBy("A")] public sealed record Do : ICommand;
            public sealed class First : ICommandHandler<Do> { public ValueTask HandleAsync(Do c, CancellationToken t) => default; }
            public sealed class Second : ICommandHandler<Do> { public ValueTask HandleAsync(Do c, CancellationToken t) => default; }
            """));

        Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "WHIZ002" && d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("has 2: First, Second", run.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources, s => s.SourceText.ToString().Contains("DoRoute", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("public abstract class H : ICommandHandler<Do> { public ValueTask HandleAsync(Do c, CancellationToken t) => default; }", "is abstract")]
    [InlineData("public sealed class H<T> : ICommandHandler<Do> { public ValueTask HandleAsync(Do c, CancellationToken t) => default; }", "open generic")]
    [InlineData("public static class Outer { private sealed class H : ICommandHandler<Do> { public ValueTask HandleAsync(Do c, CancellationToken t) => default; } }", "is private")]
    [InlineData("public sealed class H : ICommandHandler<Do> { private H() { } public ValueTask HandleAsync(Do c, CancellationToken t) => default; }", "no public constructor")]
    public void WHIZ003_HandlerThatCannotBeConstructed_IsAnErrorAndLeftOut(string handler, string reason)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + "[OwnedBy(\"A\")] public sealed record Do : ICommand;\n" + handler));

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "WHIZ003");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(run.Diagnostics, d => d.Id == "WHIZ001"); // the command is now without a usable handler
    }

    [Fact]
    public void WHIZ004_TwoMessagesWithTheSameName_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            namespace A { [OwnedBy("A")] public sealed record Placed : IEvent; }
            namespace B { [OwnedBy("B"), MessageName("Placed")] public sealed record Other : IEvent; }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ004", diagnostic.Id);
        Assert.Contains("both named 'Placed'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ005_MessageThatIsBothCommandAndEvent_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + "[OwnedBy(\"A\")] public sealed record Confused : ICommand, IEvent;"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ005", diagnostic.Id);
        Assert.Contains("ICommand, IEvent", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public void WHIZ006_InvalidMessageName_IsAnError(string name)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + $"[OwnedBy(\"A\"), MessageName(\"{name}\")] public sealed record Named : IEvent;"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ006", diagnostic.Id);
    }

    [Fact]
    public void WHIZ006_OverlongMessageName_IsAnError()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + $"[OwnedBy(\"A\"), MessageName(\"{new string('x', 201)}\")] public sealed record Named : IEvent;"));

        Assert.Equal("WHIZ006", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void ValidApplication_ReportsNothing()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(TestSources.OrdersApp));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
    }
}
