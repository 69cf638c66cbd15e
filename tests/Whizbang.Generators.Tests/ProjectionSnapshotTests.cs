using System.Text.RegularExpressions;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class ProjectionSnapshotTests
{
    [Fact]
    public void ProjectionsApp_CompletesEachProjectionAndListsItInTheRegistry()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(ProjectionTestSources.ProjectionsApp));

        Assert.Empty(run.Errors);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            [
                "Shop.Reporting.CustomerCards.Projection.g.cs", "Shop.Reporting.OrderSummaryProjection.Projection.g.cs",
                "Shop.Reporting.Reports+DailyTotalsProjection.Projection.g.cs", "TestAppHandlerRegistry.g.cs",
            ],
            run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Snapshot.Match(run, nameof(ProjectionsApp_CompletesEachProjectionAndListsItInTheRegistry));
    }

    [Fact]
    public void ProjectionOutput_IsIdenticalWhateverTheOrderOfDeclarations()
    {
        var parts = Regex.Split(ProjectionTestSources.ProjectionsApp, "\n\n(?=\\S)"); // top-level declarations only
        var reversed = string.Join("\n\n", parts.Take(2).Concat(parts.Skip(2).Reverse())); // usings and namespace stay first

        var first = GeneratorRun.Run(TestCompilation.Application(ProjectionTestSources.ProjectionsApp));
        var second = GeneratorRun.Run(TestCompilation.Application(reversed));

        Assert.Empty(second.Errors);
        Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName, StringComparer.Ordinal),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName, StringComparer.Ordinal));
    }
}
