using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Sqlite;

/// <summary>
/// Projection storage in the SQLite file of the <see cref="SqliteEventStore"/> (WAL): generations, documents as JSON
/// text, and failures, in tables of their own. Every write takes the write lock up front (<c>BEGIN IMMEDIATE</c>), so a
/// commit's fence check and its writes cannot interleave with another worker's. Leases run on the given clock, which
/// every process sharing the file must agree on (one machine's clock).
/// </summary>
public sealed class SqliteProjectionStorage : IProjectionStorage
{
    private const string GenerationColumns =
        "projection, generation, status, checkpoint_transaction, checkpoint_sequence, state, error, lease_owner, lease_expires, updated_at";

    private const string FailureColumns =
        "projection, generation, position_transaction, position_sequence, tenant_id, stream_id, version, event_id, event_name, error, skipped, failed_at";

    private const string LiveGeneration = "(SELECT generation FROM whizbang_projection_generations WHERE projection = $projection AND status = 1)";

    private readonly SqliteConnections _connections;
    private readonly TimeProvider _clock;

    /// <summary>Creates a storage over <paramref name="connectionString"/>, for example the event store's <c>"Data Source=events.db"</c>.</summary>
    public SqliteProjectionStorage(string connectionString, TimeProvider? clock = null)
    {
        _connections = new SqliteConnections(connectionString);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The database file, for telling whether an event store writes to the same one.</summary>
    internal string DataSource => _connections.DataSource;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateRegister(projection, start, status);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the write lock is taken before anything is read. (Microsoft.Data.Sqlite has no async overload.)
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var insert = SqliteConnections.Command(connection, transaction, $"""
            INSERT INTO whizbang_projection_generations ({GenerationColumns})
            VALUES ($projection, 1, $status, $transaction, $sequence, 0, NULL, NULL, NULL, $now)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("$projection", projection);
            insert.Parameters.AddWithValue("$status", (int)status);
            insert.Parameters.AddWithValue("$transaction", start.Transaction);
            insert.Parameters.AddWithValue("$sequence", start.Sequence);
            insert.Parameters.AddWithValue("$now", _clock.GetUtcNow().UtcTicks);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var generations = await ReadGenerationsAsync(connection, transaction, projection, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return generations;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default)
    {
        if (projection is not null)
        {
            ProjectionStorageArguments.ValidateProjection(projection);
        }

        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadGenerationsAsync(connection, null, projection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidatePosition(start, nameof(start));
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var generations = await ReadGenerationsAsync(connection, transaction, projection, cancellationToken).ConfigureAwait(false);
        if (generations.Count == 0)
        {
            throw new InvalidOperationException($"Projection '{projection}' cannot be rebuilt: it is not registered.");
        }

        if (generations.FirstOrDefault(g => g.Status == GenerationStatus.Building) is { } building)
        {
            throw new InvalidOperationException($"Projection '{projection}' is being rebuilt already (generation {building.Generation}); wait until it goes live.");
        }

        var now = _clock.GetUtcNow();
        await using var insert = SqliteConnections.Command(connection, transaction, $"""
            INSERT INTO whizbang_projection_generations ({GenerationColumns})
            SELECT $projection, max(generation) + 1, 0, $transaction, $sequence, 0, NULL, NULL, NULL, $now
            FROM whizbang_projection_generations WHERE projection = $projection
            RETURNING generation;
            """);
        insert.Parameters.AddWithValue("$projection", projection);
        insert.Parameters.AddWithValue("$transaction", start.Transaction);
        insert.Parameters.AddWithValue("$sequence", start.Sequence);
        insert.Parameters.AddWithValue("$now", now.UtcTicks);
        var generation = Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ProjectionGeneration(projection, generation, GenerationStatus.Building, start, ProjectionRunState.Running, null, null, null, new DateTimeOffset(now.UtcTicks, TimeSpan.Zero));
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLease(projection, generation, owner, duration);
        var now = _clock.GetUtcNow();
        return await WriteOneAsync(
            """
            UPDATE whizbang_projection_generations SET lease_owner = $owner, lease_expires = $expires
            WHERE projection = $projection AND generation = $generation AND status <> 2
              AND (lease_owner IS NULL OR lease_owner = $owner OR lease_expires <= $now);
            """,
            command =>
            {
                command.Parameters.AddWithValue("$projection", projection);
                command.Parameters.AddWithValue("$generation", generation);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$now", now.UtcTicks);
                command.Parameters.AddWithValue("$expires", (now + duration).UtcTicks);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateOwner(owner);
        await WriteOneAsync(
            """
            UPDATE whizbang_projection_generations SET lease_owner = NULL, lease_expires = NULL
            WHERE projection = $projection AND generation = $generation AND lease_owner = $owner;
            """,
            command =>
            {
                command.Parameters.AddWithValue("$projection", projection);
                command.Parameters.AddWithValue("$generation", generation);
                command.Parameters.AddWithValue("$owner", owner);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLoad(projection, generation, keys);
        if (keys.Count == 0)
        {
            return new Dictionary<DocumentKey, ReadOnlyMemory<byte>>();
        }

        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: every key is read from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await SqliteDocuments.LoadAsync(connection, transaction, projection, generation, keys, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateCommit(commit, checkJson: true);
        cancellationToken.ThrowIfCancellationRequested();
        var writes = ProjectionStorageArguments.LastWritePerKey(commit.Writes);
        var now = _clock.GetUtcNow().UtcTicks;
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);

        // The fence: this owner's unexpired lease on a generation that is not retired, and the checkpoint the batch
        // started from. It moves the checkpoint (and the state, unless the commit keeps running: an operator's pause
        // during the batch holds); nothing else is written when it fails.
        GenerationStatus status;
        await using (var fence = SqliteConnections.Command(connection, transaction, """
            UPDATE whizbang_projection_generations
            SET checkpoint_transaction = $toTransaction, checkpoint_sequence = $toSequence,
                state = CASE WHEN $state = 0 THEN state ELSE $state END,
                error = CASE WHEN $state = 0 THEN error ELSE $error END,
                updated_at = $now
            WHERE projection = $projection AND generation = $generation AND status <> 2
              AND lease_owner = $owner AND lease_expires > $now
              AND checkpoint_transaction = $fromTransaction AND checkpoint_sequence = $fromSequence
            RETURNING status;
            """))
        {
            fence.Parameters.AddWithValue("$projection", commit.Projection);
            fence.Parameters.AddWithValue("$generation", commit.Generation);
            fence.Parameters.AddWithValue("$owner", commit.Owner);
            fence.Parameters.AddWithValue("$now", now);
            fence.Parameters.AddWithValue("$fromTransaction", commit.From.Transaction);
            fence.Parameters.AddWithValue("$fromSequence", commit.From.Sequence);
            fence.Parameters.AddWithValue("$toTransaction", commit.To.Transaction);
            fence.Parameters.AddWithValue("$toSequence", commit.To.Sequence);
            fence.Parameters.AddWithValue("$state", (int)commit.State);
            fence.Parameters.AddWithValue("$error", (object?)commit.Error ?? DBNull.Value);
            if (await fence.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long stored)
            {
                return false;
            }

            status = (GenerationStatus)stored;
        }

        if (writes.Count > 0)
        {
            await SqliteDocuments.WriteAsync(connection, transaction, commit.Projection, commit.Generation, writes, cancellationToken).ConfigureAwait(false);
        }

        if (commit.Failures.Count > 0)
        {
            await InsertFailuresAsync(connection, transaction, commit.Failures, cancellationToken).ConfigureAwait(false);
        }

        // An inline projection switches only when no append it has not read exists; the write lock holds appends back.
        if (commit.Activate && status == GenerationStatus.Building
            && !(commit.InlineEventNames is { } names && await SqliteDocuments.HasEventsAfterAsync(connection, transaction, commit.To.Sequence, names, cancellationToken).ConfigureAwait(false)))
        {
            // Retire the live generation first: one live generation per projection is a unique index.
            await using var activate = SqliteConnections.Command(connection, transaction, """
                UPDATE whizbang_projection_generations SET status = 2, lease_owner = NULL, lease_expires = NULL, updated_at = $now
                WHERE projection = $projection AND status = 1;
                DELETE FROM whizbang_projection_documents
                WHERE projection = $projection AND generation IN (SELECT generation FROM whizbang_projection_generations WHERE projection = $projection AND status = 2);
                UPDATE whizbang_projection_generations SET status = 1 WHERE projection = $projection AND generation = $generation;
                """);
            activate.Parameters.AddWithValue("$projection", commit.Projection);
            activate.Parameters.AddWithValue("$generation", commit.Generation);
            activate.Parameters.AddWithValue("$now", now);
            await activate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateState(projection, generation, state);
        var now = _clock.GetUtcNow();
        return await WriteOneAsync(
            """
            UPDATE whizbang_projection_generations
            SET state = $state, error = CASE WHEN $state = 0 THEN NULL ELSE error END, updated_at = $now
            WHERE projection = $projection AND generation = $generation AND status <> 2;
            """,
            command =>
            {
                command.Parameters.AddWithValue("$projection", projection);
                command.Parameters.AddWithValue("$generation", generation);
                command.Parameters.AddWithValue("$state", (int)state);
                command.Parameters.AddWithValue("$now", now.UtcTicks);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateFailures(projection, maxCount);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqliteConnections.Command(connection, null, $"""
            SELECT {FailureColumns} FROM whizbang_projection_failures WHERE projection = $projection ORDER BY failure_id DESC LIMIT $max;
            """);
        command.Parameters.AddWithValue("$projection", projection);
        command.Parameters.AddWithValue("$max", maxCount);
        var failures = new List<ProjectionFailure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            failures.Add(new ProjectionFailure(
                reader.GetString(0),
                reader.GetInt32(1),
                new GlobalPosition(reader.GetInt64(2), reader.GetInt64(3)),
                new StreamId(reader.GetString(4), reader.GetString(5)),
                reader.GetInt64(6),
                new Guid((byte[])reader.GetValue(7)),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetInt64(10) != 0,
                new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero)));
        }

        return failures;
    }

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidateKey(key);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqliteConnections.Command(connection, null, $"""
            SELECT data FROM whizbang_projection_documents
            WHERE projection = $projection AND generation = {LiveGeneration} AND tenant_id = $tenant AND id = $id;
            """);
        command.Parameters.AddWithValue("$projection", projection);
        command.Parameters.AddWithValue("$tenant", key.Tenant);
        command.Parameters.AddWithValue("$id", key.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetFieldValue<byte[]>(0) : (ReadOnlyMemory<byte>?)null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateQuery(projection, tenant, query);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"""
            SELECT id, data FROM whizbang_projection_documents
            WHERE projection = $projection AND generation = {LiveGeneration} AND tenant_id = $tenant AND id > $after
            """);
        command.Parameters.AddWithValue("$projection", projection);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$after", query.AfterId ?? string.Empty);
        command.Parameters.AddWithValue("$take", query.Take);
        for (var i = 0; i < query.Filters.Count; i++)
        {
            sql.Append(" AND ").Append(BindFilter(command, query.Filters[i], i));
        }

        // SQLite's binary collation compares UTF-8 bytes: Unicode code point order.
        sql.Append(" ORDER BY id LIMIT $take;");
        command.CommandText = sql.ToString();
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(new StoredDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return documents;
    }

    /// <summary>
    /// Binds one filter and returns its condition. JSON types are compared first: SQLite's JSON functions return
    /// true as 1 and a string "2" as text '2', which plain equality would confuse with numbers.
    /// </summary>
    private static string BindFilter(SqliteCommand command, DocumentFilter filter, int index)
    {
        var path = "$path" + index.ToString(CultureInfo.InvariantCulture);
        var value = "$value" + index.ToString(CultureInfo.InvariantCulture);

        // A quoted label takes the property name literally: "a.b" is one property, not a path.
        command.Parameters.AddWithValue(path, "$.\"" + filter.Property + "\"");
        var type = $"json_type(data, {path})";
        switch (filter.Kind)
        {
            case JsonValueKind.String:
                command.Parameters.AddWithValue(value, filter.Value);
                return $"({type} = 'text' AND json_extract(data, {path}) = {value})";
            case JsonValueKind.Number:
                command.Parameters.AddWithValue(value, NumberValue(filter.Value!));
                return $"({type} IN ('integer', 'real') AND json_extract(data, {path}) = {value})";
            case JsonValueKind.True:
                return $"{type} = 'true'";
            case JsonValueKind.False:
                return $"{type} = 'false'";
            default:
                return $"coalesce({type}, 'null') = 'null'";
        }
    }

    /// <summary>An integer compares exactly with JSON integers; other numbers compare as SQLite reals, as SQLite reads JSON numbers.</summary>
    private static object NumberValue(string number)
        => long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer
            : double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task InsertFailuresAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ProjectionFailure> failures, CancellationToken cancellationToken)
    {
        await using var insert = SqliteConnections.Command(connection, transaction, $"""
            INSERT INTO whizbang_projection_failures ({FailureColumns})
            VALUES ($projection, $generation, $transaction, $sequence, $tenant, $stream, $version, $eventId, $name, $error, $skipped, $failedAt);
            """);
        foreach (var failure in failures)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$projection", failure.Projection);
            insert.Parameters.AddWithValue("$generation", failure.Generation);
            insert.Parameters.AddWithValue("$transaction", failure.Position.Transaction);
            insert.Parameters.AddWithValue("$sequence", failure.Position.Sequence);
            insert.Parameters.AddWithValue("$tenant", failure.Stream.Tenant);
            insert.Parameters.AddWithValue("$stream", failure.Stream.Id);
            insert.Parameters.AddWithValue("$version", failure.Version);
            insert.Parameters.AddWithValue("$eventId", failure.EventId.ToByteArray());
            insert.Parameters.AddWithValue("$name", failure.EventName);
            insert.Parameters.AddWithValue("$error", failure.Error);
            insert.Parameters.AddWithValue("$skipped", failure.Skipped);
            insert.Parameters.AddWithValue("$failedAt", failure.FailedAt.UtcTicks);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<ProjectionGeneration>> ReadGenerationsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string? projection, CancellationToken cancellationToken)
    {
        await using var command = SqliteConnections.Command(connection, transaction, $"""
            SELECT {GenerationColumns} FROM whizbang_projection_generations
            WHERE status <> 2 AND ($projection IS NULL OR projection = $projection)
            ORDER BY projection, generation;
            """);
        command.Parameters.AddWithValue("$projection", (object?)projection ?? DBNull.Value);
        var generations = new List<ProjectionGeneration>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            generations.Add(new ProjectionGeneration(
                reader.GetString(0),
                reader.GetInt32(1),
                (GenerationStatus)reader.GetInt32(2),
                new GlobalPosition(reader.GetInt64(3), reader.GetInt64(4)),
                (ProjectionRunState)reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero),
                new DateTimeOffset(reader.GetInt64(9), TimeSpan.Zero)));
        }

        return generations;
    }

    /// <summary>Runs one statement under the write lock; true when it changed a row.</summary>
    private async Task<bool> WriteOneAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = SqliteConnections.Command(connection, transaction, sql);
        bind(command);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
