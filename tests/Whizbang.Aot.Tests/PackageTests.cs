using System.IO.Compression;
using Whizbang.Aot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Whizbang.Aot.Tests;

/// <summary>The Whizbang.Runtime package carries its generator and analyzers, and they work in a project that only has the package.</summary>
public sealed class PackageTests(PackedRuntimeFixture fixture, ITestOutputHelper output) : IClassFixture<PackedRuntimeFixture>
{
    [Fact]
    public async Task Pack_Runtime_ContainsLibraryGeneratorAnalyzersAndReadme()
    {
        var pack = await fixture.Pack;
        output.WriteLine(pack.ToString());
        Assert.True(pack.Succeeded, $"dotnet pack failed.{Environment.NewLine}{pack}");

        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        output.WriteLine(string.Join(Environment.NewLine, entries.Order(StringComparer.Ordinal)));

        Assert.Contains("lib/net10.0/Whizbang.Runtime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Whizbang.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Whizbang.Analyzers.dll", entries);
        Assert.Contains("README.md", entries);

        // Analyzers load into every consumer's compiler: anything beyond our own assemblies (Roslyn itself, say) must not ship.
        Assert.All(
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)),
            e => Assert.StartsWith("analyzers/dotnet/cs/Whizbang.", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PackedRuntime_InFreshConsumerProject_GeneratesAddWhizbang_AndDispatchesCommand()
    {
        var build = await fixture.ConsumerBuild;
        output.WriteLine(build.ToString());
        Assert.True(build.Succeeded, $"The consumer project did not build.{Environment.NewLine}{build}");

        var run = await fixture.RunConsumerAsync();
        output.WriteLine(run.ToString());

        Assert.True(run.Succeeded, $"The consumer failed.{Environment.NewLine}{run}");
        Assert.Equal(ConsumerProject.ExpectedReply, run.Output.Trim());
    }

    [Fact]
    public async Task PackedRuntime_InFreshConsumerProject_ReportsMessageWithoutOwner()
    {
        var build = await fixture.ConsumerBuild;
        output.WriteLine(build.ToString());
        Assert.True(build.Succeeded, $"The consumer project did not build.{Environment.NewLine}{build}");

        Assert.Contains($"warning WHIZ101: Message '{ConsumerProject.UnownedMessage}'", build.Output, StringComparison.Ordinal);
    }
}
