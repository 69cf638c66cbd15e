using Microsoft.Data.Sqlite;

namespace Whizbang.Sqlite;

/// <summary>
/// Creates and migrates the store's tables, idempotently. SQLite serializes writers, so the migration runs in
/// one immediate transaction and a second process starting at the same time simply waits for it.
/// </summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 3;

    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS whizbang_events (
            position   INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant_id  TEXT    NOT NULL,
            stream_id  TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            event_id   BLOB    NOT NULL UNIQUE,
            event_name TEXT    NOT NULL,
            data       BLOB    NOT NULL,
            metadata   BLOB    NOT NULL,
            timestamp  INTEGER NOT NULL,
            UNIQUE (tenant_id, stream_id, version)
        );
        CREATE INDEX IF NOT EXISTS whizbang_events_by_name ON whizbang_events (event_name, position);
        CREATE INDEX IF NOT EXISTS whizbang_events_by_time ON whizbang_events (timestamp, position);
        CREATE TABLE IF NOT EXISTS whizbang_streams (
            tenant_id TEXT    NOT NULL,
            stream_id TEXT    NOT NULL,
            version   INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, stream_id)
        ) WITHOUT ROWID;
        """;

    // Version 2: projection storage. Documents are JSON text (JSON functions read text; a BLOB would be taken for
    // SQLite's binary JSONB), in a rowid table because documents can be large.
    private const string Version2 = """
        CREATE TABLE IF NOT EXISTS whizbang_projection_generations (
            projection             TEXT    NOT NULL,
            generation             INTEGER NOT NULL,
            status                 INTEGER NOT NULL,
            checkpoint_transaction INTEGER NOT NULL,
            checkpoint_sequence    INTEGER NOT NULL,
            state                  INTEGER NOT NULL,
            error                  TEXT,
            lease_owner            TEXT,
            lease_expires          INTEGER,
            updated_at             INTEGER NOT NULL,
            PRIMARY KEY (projection, generation)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS whizbang_projection_generations_one_live ON whizbang_projection_generations (projection) WHERE status = 1;
        CREATE UNIQUE INDEX IF NOT EXISTS whizbang_projection_generations_one_building ON whizbang_projection_generations (projection) WHERE status = 0;
        CREATE TABLE IF NOT EXISTS whizbang_projection_documents (
            projection TEXT    NOT NULL,
            generation INTEGER NOT NULL,
            tenant_id  TEXT    NOT NULL,
            id         TEXT    NOT NULL,
            data       TEXT    NOT NULL,
            UNIQUE (projection, generation, tenant_id, id)
        );
        CREATE TABLE IF NOT EXISTS whizbang_projection_failures (
            failure_id           INTEGER PRIMARY KEY AUTOINCREMENT,
            projection           TEXT    NOT NULL,
            generation           INTEGER NOT NULL,
            position_transaction INTEGER NOT NULL,
            position_sequence    INTEGER NOT NULL,
            tenant_id            TEXT    NOT NULL,
            stream_id            TEXT    NOT NULL,
            version              INTEGER NOT NULL,
            event_id             BLOB    NOT NULL,
            event_name           TEXT    NOT NULL,
            error                TEXT    NOT NULL,
            skipped              INTEGER NOT NULL,
            failed_at            INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS whizbang_projection_failures_by_projection ON whizbang_projection_failures (projection, failure_id);
        """;

    // Version 3: the outbox, the inbox and dead letters (see SqliteMessageStore). Ids are 16-byte BLOBs, times UTC ticks.
    // The outbox keeps sent rows until they are purged, so the indexes cover the unsent rows relays claim (in
    // sequence order) and the sent rows a purge removes (by send time) separately.
    private const string Version3 = """
        CREATE TABLE IF NOT EXISTS whizbang_outbox (
            sequence         INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id       BLOB    NOT NULL UNIQUE,
            destination      TEXT    NOT NULL,
            partition_key    TEXT    NOT NULL,
            message_name     TEXT    NOT NULL,
            tenant_id        TEXT    NOT NULL,
            payload          BLOB    NOT NULL,
            envelope         BLOB    NOT NULL,
            created_at       INTEGER NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            last_error       TEXT,
            retry_at         INTEGER,
            lease_owner      TEXT,
            lease_expires_at INTEGER,
            sent_at          INTEGER
        );
        CREATE INDEX IF NOT EXISTS whizbang_outbox_unsent ON whizbang_outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX IF NOT EXISTS whizbang_outbox_sent ON whizbang_outbox (sent_at) WHERE sent_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS whizbang_inbox (
            consumer     TEXT    NOT NULL,
            message_id   BLOB    NOT NULL,
            tenant_id    TEXT    NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (consumer, message_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS whizbang_inbox_by_time ON whizbang_inbox (processed_at);
        CREATE TABLE IF NOT EXISTS whizbang_dead_letters (
            dead_letter_id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id     BLOB,
            origin         INTEGER NOT NULL,
            source         TEXT    NOT NULL,
            consumer       TEXT,
            message_name   TEXT,
            tenant_id      TEXT,
            payload        BLOB    NOT NULL,
            envelope       BLOB    NOT NULL,
            error          TEXT    NOT NULL,
            attempts       INTEGER NOT NULL,
            failed_at      INTEGER NOT NULL
        );
        """;

    public static async Task EnsureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets readers run while one writer appends; it is a property of the file, set once.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // BEGIN IMMEDIATE: the write lock is taken before the version is read. (Microsoft.Data.Sqlite has no async overload.)
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS whizbang_schema_version (version INTEGER NOT NULL); SELECT max(version) FROM whizbang_schema_version;";
        var installed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : 0;
        if (installed > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database has Whizbang schema version {installed}, newer than this version of Whizbang.Sqlite understands ({CurrentVersion}).");
        }

        if (installed < 1)
        {
            command.CommandText = Version1 + "INSERT INTO whizbang_schema_version (version) VALUES (1);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (installed < 2)
        {
            command.CommandText = Version2 + "INSERT INTO whizbang_schema_version (version) VALUES (2);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (installed < 3)
        {
            command.CommandText = Version3 + "INSERT INTO whizbang_schema_version (version) VALUES (3);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
