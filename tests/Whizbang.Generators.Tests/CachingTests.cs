using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Handlers;
using Whizbang.Generators.Projections;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class CachingTests
{
    private static readonly string[] s_trackedSteps =
    [
        HandlerGenerator.Steps.Types,
        HandlerGenerator.Steps.References,
        HandlerGenerator.Steps.Compilation,
        HandlerGenerator.Steps.OwnedDomains,
        HandlerGenerator.Steps.Ownership,
        HandlerGenerator.Steps.Registry,
        AggregateGenerator.Steps.Types,
        AggregateGenerator.Steps.Aggregates,
        AggregateGenerator.Steps.JsonContexts,
        AggregateGenerator.Steps.Serialization,
        ProjectionGenerator.Steps.Types,
        ProjectionGenerator.Steps.Projections,
        ProjectionGenerator.Steps.ReferencedEvents,
        ProjectionGenerator.Steps.Resolved,
        ProjectionGenerator.Steps.JsonContexts,
        ProjectionGenerator.Steps.Serialization,
    ];

    /// <summary>The application's owned domains (every domain of the other sources), in a file of their own.</summary>
    private const string OwnedDomains = """
        using Whizbang.Messaging;

        [assembly: OwnsDomain("Orders"), OwnsDomain("Billing")]
        [assembly: OwnsDomain("Catalog")]
        [assembly: OwnsDomain("Customers")]
        """;

    /// <summary>Every shape the generators handle, with JSON contexts so the serialization checks run too, and owned domains.</summary>
    private static readonly string[] s_everything =
        [TestSources.OrdersApp, TestSources.AggregatesApp, TestSources.JsonContext, ProjectionTestSources.ProjectionsApp, ProjectionTestSources.JsonContext, OwnedDomains];

    [Fact]
    public void UnrelatedEdit_LeavesEveryTrackedStepCachedOrUnchanged()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Shop.Other; public sealed class Unrelated : System.Exception { }", TestCompilation.ParseOptions, path: "Unrelated.cs"));
        var second = GeneratorRun.Run(edited, first.Driver);

        var steps = second.TrackedSteps;
        foreach (var name in s_trackedSteps)
        {
            Assert.True(steps.ContainsKey(name), $"Step {name} was not tracked.");
            var reasons = steps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"Step {name} produced {reason} after an unrelated edit."));
        }
    }

    [Fact]
    public void EditingTheFileDeclaringTheOwnedDomains_LeavesThemUnchanged()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(5);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            OwnedDomains + "\n// Inventory is another team's service.\ninternal static class Marker { }\n")));
        var second = GeneratorRun.Run(edited, first.Driver);

        Assert.Contains(second.TrackedSteps[HandlerGenerator.Steps.OwnedDomains].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
        foreach (var name in new[] { HandlerGenerator.Steps.Ownership, HandlerGenerator.Steps.Registry })
        {
            Assert.All(second.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Step {name} produced {o.Reason}."));
        }
    }

    [Fact]
    public void ChangingAnOwnedDomain_ModifiesTheRegistry()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(5);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            OwnedDomains.Replace("OwnsDomain(\"Billing\")", "OwnsDomain(\"Payments\")", StringComparison.Ordinal))));
        var second = GeneratorRun.Run(edited, first.Driver);

        Assert.Contains(second.TrackedSteps[HandlerGenerator.Steps.Ownership].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.TrackedSteps[HandlerGenerator.Steps.Registry].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.GeneratedSources, s => s.SourceText.ToString().Contains(
            "s_ownedDomains = [\"Catalog\", \"Customers\", \"Orders\", \"Payments\"];", StringComparison.Ordinal));
        Assert.Contains(second.Diagnostics, d => d.Id == "WHIZ022"); // the Billing handler now serves a domain the application does not own
    }

    [Fact]
    public void RenamingAHandler_ModifiesTheRegistry()
    {
        var compilation = TestCompilation.Application(TestSources.OrdersApp);
        var first = GeneratorRun.Run(compilation);

        var tree = compilation.SyntaxTrees.First();
        var renamed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(TestSources.OrdersApp.Replace("PingHandler", "PongHandler", StringComparison.Ordinal))));
        var second = GeneratorRun.Run(renamed, first.Driver);

        var registry = second.TrackedSteps[HandlerGenerator.Steps.Registry];
        Assert.Contains(registry.SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.GeneratedSources, s => s.SourceText.ToString().Contains("PongHandler", StringComparison.Ordinal));
    }

    [Fact]
    public void ChangingAnApplyMethod_ModifiesThatAggregateOnly()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            TestSources.AggregatesApp.Replace("private void Apply(OrderShipped e) => Status = \"Shipped\";", string.Empty, StringComparison.Ordinal))));
        var second = GeneratorRun.Run(edited, first.Driver);

        var reasons = second.TrackedSteps[AggregateGenerator.Steps.Aggregates].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)); // the two other aggregates
        Assert.Contains(second.Diagnostics, d => d.Id == "WHIZ007"); // Ship() now raises an event without Apply
    }

    [Fact]
    public void ChangingAProjectionMethod_ModifiesThatProjectionOnly()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(3);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            ProjectionTestSources.ProjectionsApp.Replace("new() { Id = e.CustomerId, Name = Prefix + e.Name, Version = context.Version }", "new() { Id = e.CustomerId, Name = e.Name }", StringComparison.Ordinal)
                .Replace("CustomerCard Create(CustomerRegistered e, in EventContext context)", "CustomerCard Create(CustomerRegistered e)", StringComparison.Ordinal))));
        var second = GeneratorRun.Run(edited, first.Driver);

        var reasons = second.TrackedSteps[ProjectionGenerator.Steps.Resolved].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)); // the two other projections
        Assert.Contains(second.GeneratedSources, s => s.HintName == "Shop.Reporting.CustomerCards.Projection.g.cs"
            && s.SourceText.ToString().Contains("return Create(e);", StringComparison.Ordinal));
    }

    [Fact]
    public void AddingAnEventOfAnInterfaceAProjectionReads_AddsItToTheEventTypes()
    {
        var compilation = TestCompilation.Application(s_everything);
        var first = GeneratorRun.Run(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Shop.Reporting; public sealed record GiftNoteAdded(string OrderId) : IOrderNote;", TestCompilation.ParseOptions, path: "GiftNote.cs"));
        var second = GeneratorRun.Run(edited, first.Driver);

        var reasons = second.TrackedSteps[ProjectionGenerator.Steps.Resolved].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified)); // order-summary; the others read no note
        Assert.Contains(second.GeneratedSources, s => s.HintName == "Shop.Reporting.OrderSummaryProjection.Projection.g.cs"
            && s.SourceText.ToString().Contains("typeof(global::Shop.Reporting.GiftNoteAdded),", StringComparison.Ordinal));
    }

    [Fact]
    public void PipelineOutputs_HoldNoSymbolsOrSyntax()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(s_everything));

        var outputs = run.TrackedSteps
            .Where(step => s_trackedSteps.Contains(step.Key))
            .SelectMany(step => step.Value)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value);
        foreach (var value in outputs)
        {
            ModelWalker.AssertPlainData(value);
        }
    }
}
