using BenchmarkDotNet.Running;

namespace Whizbang.EventStore.Benchmarks;

internal static class Program
{
    /// <summary>Accepts BenchmarkDotNet's arguments, e.g. <c>--filter '*Append*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
