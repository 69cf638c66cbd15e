using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Whizbang.Tests.Shared;

/// <summary>
/// A PostgreSQL cluster of its own in a temporary directory, on 127.0.0.1 and a free port, deleted on dispose.
/// Used by the tests and the benchmarks when no server is named. PostgreSQL refuses to run as root: then the
/// cluster belongs to the <c>postgres</c> OS user and its tools run through <c>runuser</c>.
/// </summary>
public sealed class ThrowawayPostgresCluster : IAsyncDisposable
{
    /// <summary>The database user the cluster is initialised with (trust authentication, no password).</summary>
    public const string User = "postgres";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly string _binDirectory;
    private readonly bool _runAsPostgres;

    private ThrowawayPostgresCluster(string directory, string binDirectory, bool runAsPostgres)
    {
        _directory = directory;
        _binDirectory = binDirectory;
        _runAsPostgres = runAsPostgres;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>What is running, for test and benchmark output.</summary>
    public string Description => $"a throwaway PostgreSQL cluster ({_binDirectory}) on 127.0.0.1:{Port}";

    /// <summary>A connection string for the <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres;Maximum Pool Size=50";

    /// <summary>
    /// Runs initdb and starts the server. <paramref name="durable"/> false turns fsync off: a cluster thrown away
    /// after the tests gains nothing from durability but time. Benchmarks keep it on.
    /// </summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL binaries were found, or the server did not start.</exception>
    public static async Task<ThrowawayPostgresCluster> StartAsync(bool durable, string howToProvideAServer)
    {
        var binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "No PostgreSQL server. " + howToProvideAServer + " Or install the PostgreSQL server binaries (Debian/Ubuntu: "
            + "apt-get install postgresql) so that initdb is found under /usr/lib/postgresql/<version>/bin or on PATH; "
            + "a throwaway cluster is then started automatically.");

        var directory = Path.Combine(Path.GetTempPath(), "whizbang-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var cluster = new ThrowawayPostgresCluster(directory, binDirectory, Environment.IsPrivilegedProcess);
        try
        {
            await cluster.InitializeAsync(durable);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server at once and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync(PgCtl, ["-D", DataDirectory, "-m", "immediate", "stop"], throwOnFailure: false);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private string PgCtl => Path.Combine(_binDirectory, "pg_ctl");

    private async Task InitializeAsync(bool durable)
    {
        if (_runAsPostgres)
        {
            await RunAsync("chown", [User + ":", _directory], throwOnFailure: true, asPostgres: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", DataDirectory, "--auth=trust", "-E", "UTF8", "--locale=C", "-U", User, "--no-sync"]);

        Port = FreePort();
        var log = Path.Combine(_directory, "server.log");
        // -l matters: without it the server inherits this process's output pipes and reading them never ends.
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {Port} -k {_directory} -c max_connections=200" + (durable ? string.Empty : " -c fsync=off");
        var started = await RunAsync(PgCtl, ["-D", DataDirectory, "-w", "-t", "60", "-l", log, "-o", serverOptions, "start"], throwOnFailure: false);
        if (started.ExitCode != 0)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
            throw new InvalidOperationException($"pg_ctl start failed ({started.ExitCode}):{Environment.NewLine}{started.Output}{Environment.NewLine}Server log:{Environment.NewLine}{serverLog}");
        }
    }

    private static string? FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        if (Directory.Exists(Root))
        {
            var newest = Directory.GetDirectories(Root)
                .Select(directory => (directory, version: int.TryParse(Path.GetFileName(directory), out var v) ? v : -1))
                .Where(candidate => File.Exists(Path.Combine(candidate.directory, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, bool throwOnFailure = true, bool? asPostgres = null)
    {
        var runAsPostgres = asPostgres ?? _runAsPostgres;
        var start = new ProcessStartInfo(runAsPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsPostgres)
        {
            foreach (var argument in (string[])["-u", User, "--", fileName])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        string output;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            // The reads are bounded too: a child that kept the pipes open would otherwise keep them from ending.
            output = await stdout.WaitAsync(timeout.Token) + await stderr.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Killed after {CommandTimeout.TotalSeconds:0} s: {commandLine}");
        }

        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{commandLine} exited with {process.ExitCode}:{Environment.NewLine}{output}");
        }

        return (process.ExitCode, output);
    }
}
