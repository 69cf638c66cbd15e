using System.Reflection;
using Microsoft.CodeAnalysis;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

/// <summary>Every diagnostic ID, generator's and analyzers', has a docs page, a release-tracking entry and a test.</summary>
public sealed class DiagnosticCatalogueTests
{
    public static TheoryData<string, string> Descriptors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (descriptor, project) in Catalogue())
        {
            data.Add(descriptor.Id, project);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryDiagnostic_IsDocumentedTrackedAndTested(string id, string project)
    {
        var descriptor = Catalogue().Single(d => d.Descriptor.Id == id).Descriptor;
        var root = Repository.Root;

        var page = Path.Combine(root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no docs page at docs/diagnostics/{id}.md.");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page), StringComparison.Ordinal);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var releases = Directory.GetFiles(Path.Combine(root, "src", project), "AnalyzerReleases.*.md").Select(File.ReadAllText);
        Assert.Contains(releases, text => text.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity}", StringComparison.Ordinal));

        var tests = Directory.GetFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(DiagnosticCatalogueTests) + ".cs", StringComparison.Ordinal));
        Assert.Contains(tests, file => File.ReadAllText(file).Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public void DiagnosticIds_AreUnique()
    {
        var ids = Catalogue().Select(d => d.Descriptor.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<(DiagnosticDescriptor Descriptor, string Project)> Catalogue()
        => Descriptors(typeof(WhizbangDiagnostics), "Whizbang.Generators")
            .Concat(Descriptors(typeof(Analyzers.Ownership.OwnedByAnalyzer).Assembly.GetType("Whizbang.Analyzers.WhizbangAnalyzerDiagnostics")!, "Whizbang.Analyzers"));

    private static IEnumerable<(DiagnosticDescriptor, string)> Descriptors(Type catalogue, string project)
        => catalogue.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!, project));
}
