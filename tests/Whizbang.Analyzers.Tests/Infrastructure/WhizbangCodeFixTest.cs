using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs <typeparamref name="TAnalyzer"/>, applies <typeparamref name="TCodeFix"/> (one diagnostic at a time, then as
/// fix-all in every scope) and compares with the fixed sources, compiled against .NET 10 and the real Whizbang.Runtime.
/// </summary>
public sealed class WhizbangCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private readonly List<Type> _generators = [];

    /// <summary>Adds Whizbang.Runtime (and the DI abstractions its public API names) to the test compilation.</summary>
    public WhizbangCodeFixTest()
    {
        ReferenceAssemblies = TestReferenceAssemblies.Net100;
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IMessage).Assembly.Location));
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location));
    }

    /// <summary>
    /// Source generators whose diagnostics are checked and fixed as well. Their output joins the project as ordinary
    /// documents (the testing library's behaviour), so a fix sees what it sees in the IDE, except that there generated
    /// documents are not user documents.
    /// </summary>
    public WhizbangCodeFixTest<TAnalyzer, TCodeFix> WithGenerator<TGenerator>()
        where TGenerator : IIncrementalGenerator, new()
    {
        _generators.Add(typeof(TGenerator));
        return this;
    }

    /// <summary>Verifies that <paramref name="source"/> reports the diagnostics in its markup and <paramref name="expected"/>, and fixes to <paramref name="fixedSource"/>.</summary>
    public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new WhizbangCodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    protected override IEnumerable<Type> GetSourceGenerators() => _generators;
}
