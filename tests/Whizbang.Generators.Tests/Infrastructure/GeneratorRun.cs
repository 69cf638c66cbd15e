using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Handlers;
using Whizbang.Generators.Projections;

namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>One run of Whizbang's generators (handlers, aggregates and projections) over a compilation, with everything a test asserts on.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> diagnostics)
    {
        Driver = driver;
        Output = output;
        Diagnostics = diagnostics;
    }

    public GeneratorDriver Driver { get; }

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation Output { get; }

    /// <summary>Diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public IReadOnlyList<GeneratedSourceResult> GeneratedSources => [.. Result.Results.SelectMany(r => r.GeneratedSources)];

    /// <summary>Every tracked step of every generator, by name (Whizbang's names are unique; Roslyn's own steps appear once per generator).</summary>
    public IReadOnlyDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> TrackedSteps
        => Result.Results.SelectMany(r => r.TrackedSteps)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).ToImmutableArray(), StringComparer.Ordinal);

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CSharpGeneratorDriver.Create(
            [new HandlerGenerator().AsSourceGenerator(), new AggregateGenerator().AsSourceGenerator(), new ProjectionGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    /// <summary>Errors of the generated program, generator diagnostics included: none is expected in a valid app.</summary>
    public IEnumerable<Diagnostic> Errors
        => Diagnostics.Concat(Output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error);
}
