using Microsoft.Data.Sqlite;
using Whizbang.Outbox;

namespace Whizbang.Sqlite;

/// <summary>
/// The outbox, inbox and dead letters in the SQLite file of the <see cref="SqliteEventStore"/>, whose appends write the
/// flow's <see cref="PendingMessages"/> in their own transaction. Every write takes the write lock up front
/// (<c>BEGIN IMMEDIATE</c>), so claims from any number of relays, in this process or another on the same file, are
/// serialized and never lease a message twice. Leases and retries run on the given clock, which every process sharing
/// the file must agree on (one machine's clock).
/// </summary>
public sealed class SqliteMessageStore : IMessageStore
{
    private const string OutboxColumns = "message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at, attempts";

    private const string DeadLetterColumns = "message_id, origin, source, consumer, message_name, tenant_id, payload, envelope, error, attempts, failed_at";

    // A row a claim may take, whatever came before it: due, and not leased to another owner under an unexpired lease.
    private const string Available = "((lease_owner IS NULL OR lease_owner = $owner OR lease_expires_at <= $now) AND (retry_at IS NULL OR retry_at <= $now))";

    private readonly SqliteConnections _connections;
    private readonly TimeProvider _clock;

    /// <summary>Creates a store over <paramref name="connectionString"/>, the event store's (for example <c>"Data Source=events.db"</c>).</summary>
    public SqliteMessageStore(string connectionString, TimeProvider? clock = null)
    {
        _connections = new SqliteConnections(connectionString);
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        writes.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await SqliteMessageWrites.WriteAsync(connection, transaction, writes, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqliteConnections.Command(connection, null, "SELECT EXISTS (SELECT 1 FROM whizbang_inbox WHERE consumer = $consumer AND message_id = $id);");
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$id", messageId.ToByteArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != 0;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the unsent rows in sequence order, a page at a time, until <paramref name="maxCount"/> are taken; with the
    /// write lock held from the first read to the commit, no other claim can take the same rows meanwhile.
    /// </remarks>
    public async ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        var expires = new DateTimeOffset((now + lease).UtcTicks, TimeSpan.Zero);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var selection = new OutboxClaimSelection(maxCount);
        await using (var page = SqliteConnections.Command(connection, transaction, $"""
            SELECT sequence, destination, partition_key, {Available} FROM whizbang_outbox
            WHERE sent_at IS NULL AND sequence > $after ORDER BY sequence LIMIT $page;
            """))
        {
            var pageSize = Math.Clamp(maxCount * 4, 256, 4096);
            page.Parameters.AddWithValue("$owner", owner);
            page.Parameters.AddWithValue("$now", now.UtcTicks);
            page.Parameters.AddWithValue("$page", pageSize);
            var after = page.Parameters.Add("$after", SqliteType.Integer);
            long last = 0;
            int read;
            do
            {
                after.Value = last;
                read = 0;
                await using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (!selection.IsFull && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    last = reader.GetInt64(0);
                    selection.Consider(last, reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0);
                }
            }
            while (read == pageSize && !selection.IsFull);
        }

        var claimed = new List<ClaimedMessage>(selection.Sequences.Count);
        await using (var take = SqliteConnections.Command(connection, transaction, $"""
            UPDATE whizbang_outbox SET lease_owner = $owner, lease_expires_at = $expires
            WHERE sequence = $sequence RETURNING {OutboxColumns};
            """))
        {
            take.Parameters.AddWithValue("$owner", owner);
            take.Parameters.AddWithValue("$expires", expires.UtcTicks);
            var sequence = take.Parameters.Add("$sequence", SqliteType.Integer);
            foreach (var taken in selection.Sequences)
            {
                sequence.Value = taken;
                await using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                claimed.Add(new ClaimedMessage(ReadMessage(reader), reader.GetInt32(8), expires));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <inheritdoc />
    public async ValueTask MarkSentAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return;
        }

        await WriteEachAsync(
            "UPDATE whizbang_outbox SET sent_at = $now, lease_owner = NULL WHERE message_id = $id AND sent_at IS NULL;",
            messageIds,
            command => command.Parameters.AddWithValue("$now", _clock.GetUtcNow().UtcTicks),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await WriteEachAsync(
            """
            UPDATE whizbang_outbox SET attempts = attempts + 1, last_error = $error, retry_at = $retryAt, lease_owner = NULL
            WHERE message_id = $id AND sent_at IS NULL;
            """,
            [messageId],
            command =>
            {
                command.Parameters.AddWithValue("$error", error);
                command.Parameters.AddWithValue("$retryAt", retryAt.UtcTicks);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await WriteEachAsync(
            $"""
            INSERT INTO whizbang_dead_letters ({DeadLetterColumns})
            SELECT message_id, {(int)DeadLetterOrigin.Outbox}, destination, NULL, message_name, tenant_id, payload, envelope, $error, attempts + 1, $now
            FROM whizbang_outbox WHERE message_id = $id AND sent_at IS NULL;
            DELETE FROM whizbang_outbox WHERE message_id = $id AND sent_at IS NULL;
            """,
            [messageId],
            command =>
            {
                command.Parameters.AddWithValue("$error", error);
                command.Parameters.AddWithValue("$now", _clock.GetUtcNow().UtcTicks);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(letter.Source, nameof(letter));
        ArgumentNullException.ThrowIfNull(letter.Error, nameof(letter));
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqliteConnections.Command(connection, null, $"""
            INSERT INTO whizbang_dead_letters ({DeadLetterColumns})
            VALUES ($id, $origin, $source, $consumer, $name, $tenant, $payload, $envelope, $error, $attempts, $failedAt);
            """);
        command.Parameters.AddWithValue("$id", letter.MessageId is { } id ? id.ToByteArray() : DBNull.Value);
        command.Parameters.AddWithValue("$origin", (int)letter.Origin);
        command.Parameters.AddWithValue("$source", letter.Source);
        command.Parameters.AddWithValue("$consumer", (object?)letter.Consumer ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)letter.MessageName ?? DBNull.Value);
        command.Parameters.AddWithValue("$tenant", (object?)letter.TenantId ?? DBNull.Value);
        command.Parameters.AddWithValue("$payload", letter.Payload.ToArray());
        command.Parameters.AddWithValue("$envelope", letter.Envelope.ToArray());
        command.Parameters.AddWithValue("$error", letter.Error);
        command.Parameters.AddWithValue("$attempts", letter.Attempts);
        command.Parameters.AddWithValue("$failedAt", letter.FailedAt.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqliteConnections.Command(connection, null, $"SELECT {DeadLetterColumns} FROM whizbang_dead_letters ORDER BY dead_letter_id DESC LIMIT $max;");
        command.Parameters.AddWithValue("$max", maxCount);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.IsDBNull(0) ? null : new Guid(reader.GetFieldValue<byte[]>(0)),
                (DeadLetterOrigin)reader.GetInt32(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                Bytes(reader, 6),
                Bytes(reader, 7),
                reader.GetString(8),
                reader.GetInt32(9),
                Time(reader, 10)));
        }

        return letters;
    }

    /// <inheritdoc />
    public async ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = SqliteConnections.Command(connection, transaction, """
            DELETE FROM whizbang_outbox WHERE sent_at < $before;
            DELETE FROM whizbang_inbox WHERE processed_at < $before;
            """);
        command.Parameters.AddWithValue("$before", before.UtcTicks);
        long removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public async ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement: one snapshot.
        await using var command = SqliteConnections.Command(connection, null, """
            SELECT
                (SELECT count(*) FROM whizbang_outbox WHERE sent_at IS NULL),
                (SELECT count(*) FROM whizbang_outbox WHERE sent_at IS NULL AND lease_owner IS NOT NULL AND lease_expires_at > $now),
                (SELECT count(*) FROM whizbang_outbox WHERE sent_at IS NOT NULL),
                (SELECT count(*) FROM whizbang_dead_letters),
                (SELECT count(*) FROM whizbang_inbox);
            """);
        command.Parameters.AddWithValue("$now", _clock.GetUtcNow().UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static OutboxMessage ReadMessage(SqliteDataReader reader)
        => new(
            new Guid(reader.GetFieldValue<byte[]>(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            Bytes(reader, 5),
            Bytes(reader, 6),
            Time(reader, 7));

    // A zero-length BLOB may come back as NULL.
    private static byte[] Bytes(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    private static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    /// <summary>Runs <paramref name="sql"/> once per id (<c>$id</c>) in one write transaction.</summary>
    private async Task WriteEachAsync(string sql, IReadOnlyList<Guid> ids, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = SqliteConnections.Command(connection, transaction, sql);
        bind(command);
        var id = command.Parameters.Add("$id", SqliteType.Blob);
        foreach (var messageId in ids)
        {
            id.Value = messageId.ToByteArray();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
