using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
        var root = RepositoryRoot.Path;

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
    public void Catalogue_IsNotEmpty_AndIdsAreUnique()
    {
        var ids = Catalogue().Select(d => d.Descriptor.Id).ToList();
        Assert.Contains(ids, id => id.StartsWith("WHIZ0", StringComparison.Ordinal));
        Assert.Contains(ids, id => id.StartsWith("WHIZ1", StringComparison.Ordinal));

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<(DiagnosticDescriptor Descriptor, string Project)> Catalogue()
        => GeneratorDescriptors().Select(d => (d, "Whizbang.Generators"))
            .Concat(AnalyzerDescriptors().Select(d => (d, "Whizbang.Analyzers")));

    // The generator reports from its catalogue class; analyzers declare what they report themselves.
    private static IEnumerable<DiagnosticDescriptor> GeneratorDescriptors()
        => typeof(WhizbangDiagnostics).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static IEnumerable<DiagnosticDescriptor> AnalyzerDescriptors()
        => typeof(Analyzers.Ownership.OwnedByAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .DistinctBy(d => d.Id);
}
