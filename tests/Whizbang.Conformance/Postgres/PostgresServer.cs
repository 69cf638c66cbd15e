using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// The PostgreSQL server the tests run against, started once per test run: the server named by
/// <c>WHIZBANG_TEST_POSTGRES</c> (a connection string) when set, otherwise a throwaway cluster in a temporary
/// directory on 127.0.0.1 and a free port, removed afterwards. Never skips: without a server every test fails with
/// a message saying how to provide one. Each test class works in schemas of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "WHIZBANG_TEST_POSTGRES";

    private const string PostgresUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, string> _classSchemas = new();
    private readonly ConcurrentBag<string> _schemas = [];
    private string? _directory;
    private string? _binDirectory;
    private bool _runAsPostgres;
    private NpgsqlDataSource? _dataSource;

    /// <summary>How the server was provided, for test output.</summary>
    public string Description { get; private set; } = "not started";

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A data source shared by the whole run.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            Description = $"the server named by {ConnectionStringVariable}";
        }
        else
        {
            await StartThrowawayClusterAsync();
        }

        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        }
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"Cannot reach PostgreSQL ({Description}): {error.Message}", error);
        }
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            if (_directory is null)
            {
                // An existing server outlives the run: take away what the run created there.
                foreach (var schema in _schemas)
                {
                    await using var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                    await drop.ExecuteNonQueryAsync();
                }
            }

            await _dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_directory is not null)
        {
            await RunAsync(PgCtl, ["-D", DataDirectory, "-m", "immediate", "stop"], throwOnFailure: false);
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The schema a test class works in: the same for every test of the class, different for every class and run.</summary>
    public string SchemaFor(Type testClass)
        => _classSchemas.GetOrAdd(testClass.Name.ToLowerInvariant(), name => Track($"{name}_{_run}"));

    /// <summary>A schema no one has used yet (nothing is created until a store uses it).</summary>
    public string NewSchema(string purpose) => Track($"{purpose}_{Guid.NewGuid().ToString("N")[..12]}");

    /// <summary>A data source of its own, for tests that need separate connection pools.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private string Track(string schema)
    {
        _schemas.Add(schema);
        return schema;
    }

    private string DataDirectory => Path.Combine(_directory!, "data");

    private string PgCtl => Path.Combine(_binDirectory!, "pg_ctl");

    private async Task StartThrowawayClusterAsync()
    {
        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "No PostgreSQL server for the tests. Either set " + ConnectionStringVariable + " to the connection string of a server "
            + "where the user may create schemas (for example 'Host=localhost;Username=postgres;Password=secret'), or install the "
            + "PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql) so that initdb is found under "
            + "/usr/lib/postgresql/<version>/bin or on PATH; the tests then start a throwaway cluster themselves.");

        _directory = Path.Combine(Path.GetTempPath(), "whizbang-pg-" + _run);
        Directory.CreateDirectory(_directory);

        // PostgreSQL refuses to run as root: then the cluster belongs to the postgres OS user and its tools run as it.
        _runAsPostgres = Environment.IsPrivilegedProcess;
        if (_runAsPostgres)
        {
            await RunAsync("chown", [PostgresUser + ":", _directory], throwOnFailure: true, asPostgres: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", DataDirectory, "--auth=trust", "-E", "UTF8", "--locale=C", "-U", PostgresUser, "--no-sync"]);

        var port = FreePort();
        var log = Path.Combine(_directory, "server.log");
        // -l matters: without it the server inherits this process's output pipes and reading them never ends.
        // fsync off: the cluster is thrown away, durability buys the tests nothing but time.
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port} -k {_directory} -c fsync=off -c max_connections=200";
        var started = await RunAsync(PgCtl, ["-D", DataDirectory, "-w", "-t", "60", "-l", log, "-o", serverOptions, "start"], throwOnFailure: false);
        if (started.ExitCode != 0)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
            throw new InvalidOperationException($"pg_ctl start failed ({started.ExitCode}):{Environment.NewLine}{started.Output}{Environment.NewLine}Server log:{Environment.NewLine}{serverLog}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = PostgresUser,
            Database = "postgres",
            MaxPoolSize = 50,
        }.ConnectionString;
        Description = $"a throwaway cluster ({_binDirectory}) on 127.0.0.1:{port}";
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
        var start = new ProcessStartInfo(asPostgres ?? _runAsPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres ?? _runAsPostgres)
        {
            foreach (var argument in (string[])["-u", PostgresUser, "--", fileName])
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
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Killed after {CommandTimeout.TotalSeconds:0} s: {commandLine}");
        }

        var output = await stdout + await stderr;
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{commandLine} exited with {process.ExitCode}:{Environment.NewLine}{output}");
        }

        return (process.ExitCode, output);
    }
}
