using Npgsql;

namespace Whizbang.Postgres.Schema;

/// <summary>
/// Creates and migrates the store's schema, idempotently: every migration runs in one transaction under an advisory
/// lock keyed by the schema name, so stores starting at the same time in several processes apply it exactly once and
/// the others wait, then find it done. A schema that is already current is recognised without taking the lock.
/// </summary>
internal static class PostgresSchema
{
    private static readonly (int Version, string Script)[] Migrations = [(1, "001_events.sql"), (2, "002_projections.sql")];

    public static int CurrentVersion => Migrations[^1].Version;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        try
        {
            await MigrateAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
        {
            // CREATE ... IF NOT EXISTS can still collide with a concurrent creator (PostgreSQL checks the catalog with
            // a snapshot the advisory lock does not refresh). The other creator has committed by now: look again.
            await MigrateAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = PostgresIdentifier.Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadInstalledVersionAsync(connection, null, schema, quoted, cancellationToken).ConfigureAwait(false) == CurrentVersion)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('whizbang.schema:' || $1, 0))", connection, transaction))
        {
            takeLock.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            await takeLock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var prepare = new NpgsqlBatch(connection, transaction))
        {
            prepare.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE SCHEMA IF NOT EXISTS {quoted}"));
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
