using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Whizbang.Aot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Whizbang.Aot.Tests;

/// <summary>The samples publish as native executables with no trim or AOT warning, and behave as under the JIT.</summary>
public sealed partial class NativeAotPublishTests(ITestOutputHelper output)
{
    // A cold native publish takes 1-3 minutes here; the machine is shared, so leave plenty of room.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task PublishAot_Sample_HasNoTrimOrAotWarnings_AndRunsNatively()
    {
        using var temp = TempDirectory.Create("aot");
        var (executable, publishDirectory) = await PublishNativeAsync("Whizbang.Samples.Orders", temp);

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

    /// <summary>
    /// The distributed sample: two services with their own SQLite databases, Confluent.Kafka's native client and
    /// librdkafka's mock cluster, all in one native binary. Every order gets Inventory's answer through Kafka and
    /// each service's outbox is drained with nothing dead-lettered.
    /// </summary>
    [Fact]
    public async Task PublishAot_KafkaSample_HasNoTrimOrAotWarnings_AndExchangesMessagesNatively()
    {
        using var temp = TempDirectory.Create("aot-kafka");
        var (executable, publishDirectory) = await PublishNativeAsync("Whizbang.Samples.Shop", temp);

        var run = await ProcessRunner.RunAsync(executable, [], publishDirectory, RunTimeout);
        output.WriteLine(run.ToString());

        Assert.True(run.Succeeded, $"The native sample failed.{Environment.NewLine}{run}");
        var transcript = run.Output.Split('\n').Select(line => line.Trim()).ToList();
        Assert.StartsWith("Kafka: in-process mock cluster at 127.0.0.1:", transcript[0], StringComparison.Ordinal);
        string[] outcome =
        [
            "Outcome:",
            "order-1: 2 x KB-01 Confirmed",
            "order-2: 1 x MON-4 Confirmed",
            "order-3: 1 x MON-4 Rejected",
            "order-4: 3 x KB-01 Confirmed",
            "orders: outbox 12 sent, 0 waiting, 0 dead letters; inbox 4 handled",
            "inventory: outbox 6 sent, 0 waiting, 0 dead letters; inbox 4 handled",
        ];
        Assert.Equal(outcome, transcript.SkipWhile(line => line != "Outcome:").Where(line => line.Length > 0));
        Assert.Contains(transcript, line => line.StartsWith("[inventory] order-3: 1 x MON-4 for clerk-1 of tenant acme, correlation ", StringComparison.Ordinal));
    }

    /// <summary>Publishes <paramref name="sample"/> with native AOT and checks the build reported no trim or AOT warning and left no managed assembly.</summary>
    private async Task<(string Executable, string PublishDirectory)> PublishNativeAsync(string sample, TempDirectory temp)
    {
        var publishDirectory = temp.Combine("publish");

        // The sample sets PublishAot in its project: passing it on the command line would also reach the
        // netstandard2.0 generator projects and fail restore with NETSDK1207 (dotnet/sdk#37228).
        // --artifacts-path keeps every obj/ and bin/ out of the checkout, away from concurrent builds,
        // and makes every run a full build, so no warning is hidden by an up-to-date compilation.
        var publish = await DotNetCli.RunAsync(
            RepositoryRoot.Path,
            PublishTimeout,
            "publish", RepositoryRoot.Combine("samples", sample),
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

        var executable = Path.Combine(publishDirectory, OperatingSystem.IsWindows() ? $"{sample}.exe" : sample);
        Assert.True(File.Exists(executable), $"No executable at {executable}.");
        var managedAssemblies = Directory.GetFiles(publishDirectory, "*.dll").Select(Path.GetFileName).ToList();
        Assert.True(
            managedAssemblies.Count == 0,
            $"A native AOT publish contains no managed assemblies, found: {string.Join(", ", managedAssemblies)}.");
        return (executable, publishDirectory);
    }

    [GeneratedRegex(@"\bIL[23]\d{3}\b")]
    private static partial Regex TrimOrAotWarning();
}
