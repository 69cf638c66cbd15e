using System.Reflection;
using Microsoft.CodeAnalysis.Testing;

namespace Whizbang.Analyzers.Tests.Infrastructure;

/// <summary>The framework reference set shared by every analyzer test.</summary>
internal static class TestReferenceAssemblies
{
    /// <summary>
    /// Microsoft.NETCore.App.Ref at the version the project file names (WhizbangTestReferenceAssembliesVersion).
    /// </summary>
    /// <remarks>
    /// Not <c>ReferenceAssemblies.Net.Net100</c>: testing 1.1.4 pins that to 10.0.1 (and Net90 to 9.0.0),
    /// versions the package mirror does not serve, so resolution would fail on a clean machine. The
    /// project's <c>PackageDownload</c> restores the chosen version into the global packages folder,
    /// which the testing library searches before any feed, so tests do not download at run time.
    /// One shared instance: the library caches resolved references per instance.
    /// </remarks>
    public static ReferenceAssemblies Net100 { get; } = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", ReferenceAssembliesVersion()),
        Path.Combine("ref", "net10.0"));

    private static string ReferenceAssembliesVersion() =>
        typeof(TestReferenceAssemblies).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WhizbangTestReferenceAssembliesVersion")
            .Value
        ?? throw new InvalidOperationException("The test project must set WhizbangTestReferenceAssembliesVersion.");
}
