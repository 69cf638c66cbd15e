using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>Builds compilations of test sources against the running framework, Whizbang.Runtime and DI.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Concat([typeof(IWhizbang).Assembly.Location, typeof(ServiceCollection).Assembly.Location, typeof(IServiceCollection).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(string assemblyName, OutputKind outputKind, IEnumerable<MetadataReference>? extraReferences, params string[] sources)
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Application(params string[] sources)
        => Create("TestApp", OutputKind.ConsoleApplication, null, WithEntryPoint(sources));

    public static CSharpCompilation Library(string assemblyName, params string[] sources)
        => Create(assemblyName, OutputKind.DynamicallyLinkedLibrary, null, sources);

    /// <summary>Applications need a Main; tests that do not write one get an empty one.</summary>
    public static string[] WithEntryPoint(string[] sources)
        => sources.Any(s => s.Contains("static void Main", StringComparison.Ordinal) || s.Contains("static async Task Main", StringComparison.Ordinal))
            ? sources
            : [.. sources, "internal static class TestEntryPoint { private static void Main() { } }"];

    /// <summary>Compiles to an image, failing with every error when it does not compile.</summary>
    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "Compilation failed:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }
}
