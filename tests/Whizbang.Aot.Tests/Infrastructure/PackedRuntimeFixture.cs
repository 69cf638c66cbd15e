namespace Whizbang.Aot.Tests.Infrastructure;

/// <summary>
/// Packs Whizbang.Runtime once into a temp feed and builds one fresh consumer of it, on first use;
/// each test then asserts on the step it cares about and sees the step's full output when it failed.
/// </summary>
public sealed class PackedRuntimeFixture : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    // The consumer restores into an empty packages folder, so it downloads (from the mirror) what the machine already has.
    private static readonly TimeSpan ConsumerTimeout = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _temp = TempDirectory.Create("pack");
    private readonly Lazy<Task<ProcessResult>> _pack;
    private readonly Lazy<Task<ProcessResult>> _consumerBuild;

    public PackedRuntimeFixture()
    {
        _pack = new(PackAsync);
        _consumerBuild = new(BuildConsumerAsync);
    }

    internal string FeedDirectory => _temp.Combine("feed");

    internal string ConsumerDirectory => _temp.Combine("consumer");

    internal Task<ProcessResult> Pack => _pack.Value;

    internal Task<ProcessResult> ConsumerBuild => _consumerBuild.Value;

    /// <summary>The package file, once <see cref="Pack"/> succeeded.</summary>
    internal string PackagePath => Directory.GetFiles(FeedDirectory, "Whizbang.Runtime.*.nupkg").Single();

    internal Task<ProcessResult> RunConsumerAsync()
        => DotNetCli.RunAsync(ConsumerDirectory, ConsumerTimeout, "run", "--no-build");

    public void Dispose() => _temp.Dispose();

    private Task<ProcessResult> PackAsync()
        => DotNetCli.RunAsync(
            RepositoryRoot.Path,
            PackTimeout,
            "pack", RepositoryRoot.Combine("src", "Whizbang.Runtime"),
            "-c", "Release",
            "--artifacts-path", _temp.Combine("artifacts"),
            "-o", FeedDirectory);

    private async Task<ProcessResult> BuildConsumerAsync()
    {
        var pack = await Pack;
        if (!pack.Succeeded)
        {
            throw new InvalidOperationException($"Cannot build a consumer: packing Whizbang.Runtime failed.{Environment.NewLine}{pack}");
        }

        var package = Path.GetFileNameWithoutExtension(PackagePath);
        var version = package["Whizbang.Runtime.".Length..];
        ConsumerProject.Write(ConsumerDirectory, FeedDirectory, _temp.Combine("packages"), version);
        return await DotNetCli.RunAsync(ConsumerDirectory, ConsumerTimeout, "build");
    }
}
