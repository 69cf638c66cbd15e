using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs <typeparamref name="TAnalyzer"/> over C# sources compiled against .NET 10 and the real
/// Whizbang.Runtime assembly, so tests exercise the attribute and interfaces users actually see.
/// </summary>
public sealed class WhizbangAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Adds Whizbang.Runtime (and the DI abstractions its public API names) to the test compilation.</summary>
    public WhizbangAnalyzerTest()
        : this(referenceWhizbang: true)
    {
    }

    private WhizbangAnalyzerTest(bool referenceWhizbang)
    {
        ReferenceAssemblies = TestReferenceAssemblies.Net100;
        if (referenceWhizbang)
        {
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IMessage).Assembly.Location));
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location));
        }
    }

    /// <summary>A test whose compilation references only the BCL, as in a project that does not use Whizbang.</summary>
    public static WhizbangAnalyzerTest<TAnalyzer> WithoutWhizbangReference() => new(referenceWhizbang: false);

    /// <summary>Verifies that <paramref name="source"/> produces exactly the diagnostics in its markup and <paramref name="expected"/>.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new WhizbangAnalyzerTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
