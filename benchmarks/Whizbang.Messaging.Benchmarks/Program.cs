using BenchmarkDotNet.Running;

namespace Whizbang.Messaging.Benchmarks;

internal static class Program
{
    /// <summary>Accepts BenchmarkDotNet's arguments, e.g. <c>--filter '*OutboxRelay*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
