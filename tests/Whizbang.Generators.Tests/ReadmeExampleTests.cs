using System.Text.RegularExpressions;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

/// <summary>The example in README.md compiles, with the generator, without a warning: the README stays honest.</summary>
public sealed partial class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_CompilesWithoutDiagnostics()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var example = CSharpBlock().Match(readme);
        Assert.True(example.Success, "README.md has no ```csharp block.");

        var compilation = TestCompilation.Create("ReadmeExample", Microsoft.CodeAnalysis.OutputKind.ConsoleApplication, null,
            "global using System; global using System.Threading; global using System.Threading.Tasks;", example.Groups[1].Value);
        var run = GeneratorRun.Run(compilation);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
