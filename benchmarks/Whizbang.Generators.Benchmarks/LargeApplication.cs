using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Generators.Benchmarks;

/// <summary>An application of N commands with one handler each, spread over ten domains, one file per domain.</summary>
internal static class LargeApplication
{
    private const int DomainCount = 10;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(int messageCount)
    {
        var trees = Enumerable.Range(0, DomainCount).Select(domain =>
        {
            var source = new StringBuilder("using System.Threading; using System.Threading.Tasks; using Whizbang.Messaging;\n");
            source.Append($"namespace Big.Domain{domain};\n");
            for (var i = domain; i < messageCount; i += DomainCount)
            {
                source.Append($"[OwnedBy(\"Domain{domain}\")] public sealed record Command{i}(int Value) : ICommand<long>;\n");
                source.Append($"public sealed class Handler{i} : ICommandHandler<Command{i}, long> {{ public ValueTask<long> HandleAsync(Command{i} c, CancellationToken t) => new(c.Value); }}\n");
            }

            return CSharpSyntaxTree.ParseText(source.ToString(), ParseOptions, path: $"Domain{domain}.cs");
        });

        return CSharpCompilation.Create(
            "Big",
            trees.Append(CSharpSyntaxTree.ParseText("static class Entry { static void Main() { } }", ParseOptions, path: "Entry.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(IWhizbang).Assembly.Location, typeof(ServiceCollection).Assembly.Location, typeof(IServiceCollection).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());
}
