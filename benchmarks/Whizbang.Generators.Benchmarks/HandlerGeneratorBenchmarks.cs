using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Whizbang.Generators.Handlers;

namespace Whizbang.Generators.Benchmarks;

/// <summary>
/// What the handler generator costs in a large application: a full run on a fresh compilation (a build, or opening
/// the solution), and the run after an edit to one file (what the IDE pays on a keystroke).
/// </summary>
[MemoryDiagnoser]
public class HandlerGeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(100, 1000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = LargeApplication.Create(Messages);
        var tree = _compilation.SyntaxTrees.First();
        _edited = _compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// edited\n")));
        _warmDriver = NewDriver().RunGenerators(_compilation);
        var result = _warmDriver.GetRunResult();
        if (result.Diagnostics.Length != 0 || result.GeneratedTrees.Length != 11)
        {
            throw new InvalidOperationException($"Unexpected generator output: {result.Diagnostics.Length} diagnostics, {result.GeneratedTrees.Length} files.");
        }
    }

    /// <summary>A fresh driver over a fresh copy of the compilation: nothing cached, every type bound again.</summary>
    [Benchmark]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilation.Clone());

    /// <summary>A warm driver after a comment was added to one of the ten files.</summary>
    [Benchmark]
    public GeneratorDriver RunAfterEdit() => _warmDriver.RunGenerators(_edited);

    private static GeneratorDriver NewDriver()
        => CSharpGeneratorDriver.Create([new HandlerGenerator().AsSourceGenerator()], parseOptions: LargeApplication.ParseOptions);
}
