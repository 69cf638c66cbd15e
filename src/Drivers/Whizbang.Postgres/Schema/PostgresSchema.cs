using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Whizbang.Postgres.Schema;

/// <summary>
/// Creates and migrates the store's schema, idempotently: every migration runs in one transaction under an advisory
/// lock keyed by the schema name, so stores starting at the same time in several processes apply it exactly once and
/// the others wait, then find it done. A schema that is already current is recognised without taking the lock.
/// Before that, it checks that the role it connects as is subject to the tables' row-level security.
/// </summary>
internal static partial class PostgresSchema
{
    private static readonly (int Version, string Script)[] Migrations =
        [(1, "001_events.sql"), (2, "002_projections.sql"), (3, "003_row_level_security.sql"), (4, "004_messaging.sql")];

    /// <summary>The data sources whose bypassing role was reported already, so that each is reported once per process.</summary>
    private static readonly ConcurrentDictionary<string, byte> s_reportedBypass = new(StringComparer.Ordinal);

    public static int CurrentVersion => Migrations[^1].Version;

    /// <exception cref="InvalidOperationException">
    /// The role bypasses row-level security and <paramref name="requireRowLevelSecurity"/> is set, or the schema is newer
    /// than this driver.
    /// </exception>
    public static async Task EnsureAsync(
        NpgsqlDataSource dataSource, string schema, bool requireRowLevelSecurity, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await MigrateAsync(dataSource, schema, requireRowLevelSecurity, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
        {
            // CREATE ... IF NOT EXISTS can still collide with a concurrent creator (PostgreSQL checks the catalog with
            // a snapshot the advisory lock does not refresh). The other creator has committed by now: look again.
            await MigrateAsync(dataSource, schema, requireRowLevelSecurity, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task MigrateAsync(
        NpgsqlDataSource dataSource, string schema, bool requireRowLevelSecurity, ILogger logger, CancellationToken cancellationToken)
    {
        var quoted = PostgresIdentifier.Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CheckRowLevelSecurityAsync(connection, dataSource, schema, requireRowLevelSecurity, logger, cancellationToken).ConfigureAwait(false);
        if (await ReadInstalledVersionAsync(connection, null, schema, quoted, cancellationToken).ConfigureAwait(false) == CurrentVersion)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A migration works on every tenant's rows (none so far; a later one may move data), so the lock's batch says so.
        bool schemaExists;
        await using (var takeLock = PostgresTenantSettings.CreateBatch(connection, transaction, isolatedTenant: null))
        {
            takeLock.Add("SELECT pg_advisory_xact_lock(hashtextextended('whizbang.schema:' || $1, 0))", PostgresParameters.Text(schema));
            takeLock.Add("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", PostgresParameters.Text(schema));
            await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(takeLock, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            schemaExists = reader.GetBoolean(0);
        }

        await using (var prepare = new NpgsqlBatch(connection, transaction))
        {
            // Even with IF NOT EXISTS, CREATE SCHEMA needs the CREATE privilege on the database, which a role that was
            // given a schema of its own (as docs/postgres-tenancy.md suggests) does not have.
            if (!schemaExists)
            {
                prepare.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE SCHEMA IF NOT EXISTS {quoted}"));
            }

            prepare.BatchCommands.Add(new NpgsqlBatchCommand(
                $"CREATE TABLE IF NOT EXISTS {quoted}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"));
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Read again under the lock: another store may have migrated while this one waited.
        var installed = await ReadInstalledVersionAsync(connection, transaction, schema, quoted, cancellationToken).ConfigureAwait(false);
        foreach (var (version, script) in Migrations)
        {
            if (version <= installed)
            {
                continue;
            }

            await using var migrate = new NpgsqlCommand(LoadScript(script).Replace("{schema}", quoted, StringComparison.Ordinal), connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_version (version) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Superusers and roles with BYPASSRLS ignore row-level security, so through them the database keeps no tenant
    /// from another's rows: reported once per data source, and refused when the options require the database's checks.
    /// </summary>
    private static async Task CheckRowLevelSecurityAsync(
        NpgsqlConnection connection, NpgsqlDataSource dataSource, string schema, bool requireRowLevelSecurity, ILogger logger, CancellationToken cancellationToken)
    {
        string role;
        bool bypasses;
        await using (var command = new NpgsqlCommand("SELECT current_user::text, coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false)", connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (role, bypasses) = (reader.GetString(0), reader.GetBoolean(1));
        }

        if (!bypasses)
        {
            return;
        }

        if (requireRowLevelSecurity)
        {
            throw new InvalidOperationException(
                $"PostgreSQL role '{role}' bypasses row-level security (it is a superuser or has BYPASSRLS), so the database cannot keep tenants apart in schema '{schema}', "
                + "and PostgresEventStoreOptions.RequireRowLevelSecurity is set. Connect as a role that is neither (CREATE ROLE whizbang_app LOGIN NOSUPERUSER NOBYPASSRLS, "
                + $"owning the schema or granted its tables; see docs/postgres-tenancy.md), or, if '{role}' is a role of your own, run ALTER ROLE \"{role}\" NOSUPERUSER NOBYPASSRLS; "
                + "or turn RequireRowLevelSecurity off to rely on Whizbang's own tenant checks alone.");
        }

        if (s_reportedBypass.TryAdd(dataSource.ConnectionString, 0))
        {
            LogRowLevelSecurityBypassed(logger, role, schema);
        }
    }

    [LoggerMessage(
        EventId = 5001,
        Level = LogLevel.Warning,
        Message = "PostgreSQL role {Role} bypasses row-level security (it is a superuser or has BYPASSRLS): in schema {Schema} tenants are kept apart by Whizbang's own checks only, not by the database. Connect as a role without SUPERUSER and BYPASSRLS (see docs/postgres-tenancy.md); PostgresEventStoreOptions.RequireRowLevelSecurity turns this warning into a startup failure")]
    private static partial void LogRowLevelSecurityBypassed(ILogger logger, string role, string schema);

    private static async Task<int> ReadInstalledVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, string quoted, CancellationToken cancellationToken)
    {
        int installed;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = quoted + ".schema_version" });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        await using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", connection, transaction))
        {
            installed = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (installed > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"Schema '{schema}' has Whizbang schema version {installed}, newer than this version of Whizbang.Postgres understands ({CurrentVersion}); upgrade Whizbang.Postgres.");
        }

        return installed;
    }

    private static string LoadScript(string name)
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream("Whizbang.Postgres.Schema." + name)
            ?? throw new InvalidOperationException($"Whizbang.Postgres is missing its embedded migration '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
