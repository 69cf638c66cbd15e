using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Whizbang.Analyzers.Tests;

/// <summary>Walks every descriptor the analyzers declare: each must be documented and release-tracked.</summary>
public sealed class DiagnosticCatalogueTests
{
    public static TheoryData<string> DiagnosticIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void AnalyzerAssembly_DeclaresDiagnostics()
    {
        Assert.NotEmpty(AllDescriptors());
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void Descriptor_HelpLink_PointsToItsDocsPage(string id)
    {
        var descriptor = Descriptor(id);

        Assert.StartsWith("https://", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void Descriptor_DocsPage_ExistsAndIsTitledWithIdAndTitle(string id)
    {
        var descriptor = Descriptor(id);
        var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", $"{id}.md");

        Assert.True(File.Exists(page), $"{id} has no docs page at docs/diagnostics/{id}.md.");
        var title = File.ReadLines(page).First();
        Assert.Equal($"# {id}: {descriptor.Title}", title);
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void Descriptor_IsTrackedInAnalyzerReleases(string id)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Whizbang.Analyzers");
        var tracked = File.ReadLines(Path.Combine(project, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadLines(Path.Combine(project, "AnalyzerReleases.Unshipped.md")));

        Assert.Contains(tracked, line => line.StartsWith(id + " ", StringComparison.Ordinal));
    }

    private static DiagnosticDescriptor Descriptor(string id) => AllDescriptors().Single(d => d.Id == id);

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(WhizbangAnalyzerDiagnostics).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Whizbang.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Whizbang.sln above {AppContext.BaseDirectory}; run the tests from a repository checkout.");
    }
}
