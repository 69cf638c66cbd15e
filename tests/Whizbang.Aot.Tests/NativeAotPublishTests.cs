using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Whizbang.Aot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Whizbang.Aot.Tests;

/// <summary>The orders sample publishes as a native executable with no trim or AOT warning, and behaves as under the JIT.</summary>
public sealed partial class NativeAotPublishTests(ITestOutputHelper output)
{
    private const string Sample = "Whizbang.Samples.Orders";

    // A cold native publish takes 1-3 minutes here; the machine is shared, so leave plenty of room.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task PublishAot_Sample_HasNoTrimOrAotWarnings_AndRunsNatively()
    {
        using var temp = TempDirectory.Create("aot");
        var publishDirectory = temp.Combine("publish");

        // The sample sets PublishAot in its project: passing it on the command line would also reach the
        // netstandard2.0 generator projects and fail restore with NETSDK1207 (dotnet/sdk#37228).
        // --artifacts-path keeps every obj/ and bin/ out of the checkout, away from concurrent builds,
        // and makes every run a full build, so no warning is hidden by an up-to-date compilation.
        var publish = await DotNetCli.RunAsync(
            RepositoryRoot.Path,
            PublishTimeout,
            "publish", RepositoryRoot.Combine("samples", Sample),
            "-c", "Release",
            "-r", RuntimeInformation.RuntimeIdentifier,
            "-p:TrimmerSingleWarn=false",
            "--artifacts-path", temp.Combine("artifacts"),
            "-o", publishDirectory);
        output.WriteLine(publish.ToString());

        Assert.True(publish.Succeeded, $"dotnet publish failed.{Environment.NewLine}{publish}");
        var warnings = publish.Output
            .Split('\n')
            .Where(line => TrimOrAotWarning().IsMatch(line))
            .Select(line => line.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(
            warnings.Count == 0,
            $"The native AOT publish reported {warnings.Count} trim/AOT warning(s):{Environment.NewLine}{string.Join(Environment.NewLine, warnings)}{Environment.NewLine}{Environment.NewLine}{publish}");

        var executable = Path.Combine(publishDirectory, OperatingSystem.IsWindows() ? $"{Sample}.exe" : Sample);
        Assert.True(File.Exists(executable), $"No executable at {executable}.");
        var managedAssemblies = Directory.GetFiles(publishDirectory, "*.dll").Select(Path.GetFileName).ToList();
        Assert.True(
            managedAssemblies.Count == 0,
            $"A native AOT publish contains no managed assemblies, found: {string.Join(", ", managedAssemblies)}.");

        var run = await ProcessRunner.RunAsync(executable, [], publishDirectory, RunTimeout);
        output.WriteLine(run.ToString());

        Assert.True(run.Succeeded, $"The native sample failed.{Environment.NewLine}{run}");
        var transcript = run.Output.Split('\n').Select(line => line.Trim()).ToList();
        string[] expected =
        [
            "Working as clerk-1 in tenant acme",
            "Placing orders...",
            "[email] ada: thank you for order-1 (99.00)",
            "[email] ada: thank you for order-2 (34.99)",
            "[email] grace: thank you for order-3 (229.00)",
            "Cancelling order-2...",
            "[email] order-2 was cancelled: changed my mind",
            "Projection order-summary: Running, 0 events behind",
            "Orders of ada:",
            "order-1: 99.00 Placed",
            "order-2: 34.99 Cancelled",
            "Lookup order-3: grace 229.00 Placed",
            "Stream of order-2:",
            "v1 orders.order-placed",
            "v2 orders.order-cancelled",
            "Rejected: Message 'PlaceOrder' is not valid: Lines: an order needs at least one line",
            "Refused: order-2 cannot be cancelled: it is Cancelled.",
            "Denied: 'viewer-7' may not dispatch 'CancelOrder': it requires permission 'orders.cancel', which the principal does not hold",
            "Statistics: 3 placed, 1 cancelled (first was order-1)",
        ];
        Assert.Equal(expected, transcript.Where(expected.Contains));
    }

    [GeneratedRegex(@"\bIL[23]\d{3}\b")]
    private static partial Regex TrimOrAotWarning();
}
