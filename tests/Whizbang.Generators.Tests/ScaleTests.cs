using System.Text;
using Whizbang.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Whizbang.Generators.Tests;

/// <summary>An application of 1,000 commands and handlers in 10 domains generates, compiles and dispatches every one.</summary>
public sealed class ScaleTests(ITestOutputHelper output)
{
    private const int MessageCount = 1000;
    private const int DomainCount = 10;

    [Fact]
    public async Task ThousandMessages_CompileAndEveryOneDispatches()
    {
        var compilation = TestCompilation.Application(LargeApplication());

        var run = GeneratorRun.Run(compilation);
        var timing = run.Driver.GetTimingInfo();
        output.WriteLine($"Generator time for {MessageCount} messages: {timing.ElapsedTime.TotalMilliseconds:0} ms (first run, includes JIT)");

        Assert.Empty(run.Errors);
        Assert.Equal(DomainCount + 1, run.GeneratedSources.Count);
        var largestFile = run.GeneratedSources.Max(s => s.SourceText.Lines.Count);
        output.WriteLine($"Largest generated file: {largestFile} lines");

        var result = await GeneratedProgram.RunAsync(run.Output);

        var expected = Enumerable.Range(0, MessageCount).Sum(i => (long)i * 3);
        Assert.Equal($"dispatched={MessageCount} sum={expected}", result);
    }

    [Fact]
    public void ThousandMessages_WarmRunAfterAnEdit_IsIncremental()
    {
        var compilation = TestCompilation.Application(LargeApplication());
        var first = GeneratorRun.Run(compilation);

        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Edit { }", TestCompilation.ParseOptions));
        var second = GeneratorRun.Run(edited, first.Driver);
        output.WriteLine($"Generator time after an unrelated edit: {second.Driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:0} ms");

        var registry = second.TrackedSteps[Handlers.HandlerGenerator.Steps.Registry];
        Assert.All(registry.SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, $"Registry step was {o.Reason}."));
    }

    private static string[] LargeApplication()
    {
        var messages = new StringBuilder("using System.Threading; using System.Threading.Tasks; using Whizbang.Messaging;\nnamespace Big;\n");
        for (var i = 0; i < MessageCount; i++)
        {
            messages.Append($"[OwnedBy(\"Domain{i % DomainCount}\")] public sealed record Command{i}(int Value) : ICommand<long>;\n");
            messages.Append($"public sealed class Handler{i} : ICommandHandler<Command{i}, long> {{ public ValueTask<long> HandleAsync(Command{i} c, CancellationToken t) => new(c.Value * 3L); }}\n");
        }

        var entry = new StringBuilder("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Whizbang.Messaging;
            public static class Entry
            {
                public static async Task<string> RunAsync()
                {
                    await using var services = new ServiceCollection().AddWhizbang(b => b.UseHandlerLifetime(ServiceLifetime.Singleton)).BuildServiceProvider();
                    var whizbang = services.GetRequiredService<IWhizbang>();
                    long sum = 0;
                    int count = 0;

            """);
        for (var i = 0; i < MessageCount; i++)
        {
            entry.Append($"        sum += await whizbang.Send(new Big.Command{i}({i})); count++;\n");
        }

        entry.Append("        return $\"dispatched={count} sum={sum}\";\n    }\n}\n");
        return [messages.ToString(), entry.ToString()];
    }
}
