using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Whizbang.Outbox;
using Whizbang.Postgres.Schema;
using Whizbang.Tenancy;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// The outbox, inbox and dead letters on PostgreSQL, in the event store's schema (tables <c>outbox</c>, <c>inbox</c>,
/// <c>dead_letters</c>), whose appends write the flow's <see cref="PendingMessages"/> in their own transaction. Every
/// write is one batch in one round trip; a claim is a short transaction serialized by an advisory lock, so relays in
/// any number of processes never lease a message twice and one key's messages go to one relay at a time, in order.
/// <para>
/// Leases, retries and send times run on the given clock (the system clock by default), not the database's: a relay's
/// <c>retryAt</c> and a purge's bound come from the caller's clock, and comparing them with another clock would mix the
/// two. Relays on several machines rely on their clocks agreeing to well within a lease.
/// </para>
/// <para>
/// The tables have the tenant policy of the events (row-level security): every transaction is confined to
/// <see cref="TenantContext.IsolatedTenant"/>, so relays and consumers, which run outside any tenant, see every tenant's
/// messages, and code running for one tenant sees only its own.
/// </para>
/// </summary>
/// <remarks>
/// Times are stored as timestamptz, which keeps whole microseconds. With <see cref="NpgsqlSlimDataSourceBuilder"/>, call
/// <see cref="NpgsqlSlimDataSourceBuilder.EnableArrays"/>: messages travel as arrays.
/// </remarks>
public sealed class PostgresMessageStore : IMessageStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly string _schema;
    private readonly bool _prepareStatements;
    private readonly PostgresMessageSql _sql;
    private readonly PostgresSchemaGate _schemaGate;

    /// <summary>Creates a store over <paramref name="dataSource"/>; the schema is created or migrated on first use.</summary>
    /// <param name="dataSource">The database, shared by the application; the store does not dispose it.</param>
    /// <param name="options">The event store's options (the same schema keeps events and messages together); the defaults when null.</param>
    /// <param name="clock">The clock leases, retries and send times run on; the system clock when null.</param>
    /// <param name="loggerFactory">Where the store reports a role that bypasses row-level security; nowhere when null.</param>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public PostgresMessageStore(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresEventStoreOptions();
        PostgresIdentifier.Validate(options.Schema, nameof(options));
        _dataSource = dataSource;
        _clock = clock ?? TimeProvider.System;
        _schema = options.Schema;
        _schemaGate = new PostgresSchemaGate(
            dataSource, options.Schema, options.RequireRowLevelSecurity, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresMessageStore>());
        _prepareStatements = options.PrepareStatements;
        _sql = new PostgresMessageSql(_schema);
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema => _schema;

    /// <summary>
    /// Creates or migrates the schema now rather than on first use (for example at startup). Safe to call repeatedly
    /// and from several processes at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The role bypasses row-level security and <see cref="PostgresEventStoreOptions.RequireRowLevelSecurity"/> is set,
    /// or the schema was created by a newer version of the driver.
    /// </exception>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => _schemaGate.EnsureAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CrossTenantAccessException">Code running for one tenant wrote a row of another; nothing was written.</exception>
    public async ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        writes.Validate();
        if (writes.IsEmpty)
        {
            return;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var isolatedTenant = TenantContext.IsolatedTenant;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection, null, isolatedTenant);
        PostgresMessageWrites.AddCommands(batch, _sql, writes);
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        try
        {
            // One implicit transaction: a duplicate rolls back every row.
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (PostgresMessageWrites.IsMessageFault(error, writes, isolatedTenant))
        {
            throw await PostgresMessageWrites.TranslateAsync(error, writes, isolatedTenant, _dataSource, _sql, _prepareStatements, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Data exceptions: text PostgreSQL cannot store (a NUL character), which MessageWrites.Validate lets through.
            throw new ArgumentException($"PostgreSQL refused a message of the batch ({error.MessageText}); nothing was written.", nameof(writes), error);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.HasProcessed, Text(consumer), Uuid(messageId));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        return await PostgresTenantSettings.ExecuteScalarAsync(batch, cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the claim lock, then the unsent rows in sequence order a page at a time (the first page in the
    /// lock's round trip) until <paramref name="maxCount"/> are chosen, then one update leasing them, then the commit,
    /// which releases the lock.
    /// </remarks>
    public async ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var now = FloorToMicroseconds(_clock.GetUtcNow());
        var expires = FloorToMicroseconds(now + lease);
        var pageSize = Math.Clamp(maxCount * 4, 256, 4096);
        var selection = new OutboxClaimSelection(maxCount);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Read committed whatever the server's default, so that each page sees every claim committed before the lock was granted.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        long last = 0;
        int read;
        var first = true;
        do
        {
            await using var batch = first ? PostgresTenantSettings.CreateBatch(connection, transaction) : new NpgsqlBatch(connection, transaction);
            if (first)
            {
                batch.Add(_sql.ClaimLock);
            }

            batch.Add(_sql.ClaimPage, Text(owner), TimestampTz(now), BigInt(last), Integer(pageSize));
            await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var skip = first ? 2 : 0; skip > 0; skip--)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            first = false;
            read = 0;
            while (!selection.IsFull && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read++;
                last = reader.GetInt64(0);
                selection.Consider(last, reader.GetString(1), reader.GetString(2), reader.GetBoolean(3));
            }
        }
        while (read == pageSize && !selection.IsFull);

        var claimed = new List<ClaimedMessage>(selection.Sequences.Count);
        if (selection.Sequences.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.Add(_sql.Lease, Text(owner), TimestampTz(now), TimestampTz(expires), BigIntArray([.. selection.Sequences]));
            await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
            var leased = new SortedList<long, ClaimedMessage>(selection.Sequences.Count);
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    leased.Add(reader.GetInt64(0), new ClaimedMessage(ReadMessage(reader), reader.GetInt32(9), expires));
                }
            }

            claimed.AddRange(leased.Values);
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

        await ExecuteAsync(
            _sql.MarkSent,
            [new NpgsqlParameter<Guid[]> { TypedValue = [.. messageIds], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid }, TimestampTz(FloorToMicroseconds(_clock.GetUtcNow()))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await ExecuteAsync(_sql.RetryLater, [Uuid(messageId), Text(error), TimestampTz(CeilingToMicroseconds(retryAt))], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await ExecuteAsync(_sql.DeadLetter, [Uuid(messageId), Text(error), TimestampTz(FloorToMicroseconds(_clock.GetUtcNow()))], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(letter.Source, nameof(letter));
        ArgumentNullException.ThrowIfNull(letter.Error, nameof(letter));
        await ExecuteAsync(
            _sql.AddDeadLetter,
            [
                new NpgsqlParameter<Guid?> { TypedValue = letter.MessageId, NpgsqlDbType = NpgsqlDbType.Uuid },
                SmallInt((short)letter.Origin),
                Text(letter.Source),
                NullableText(letter.Consumer),
                NullableText(letter.MessageName),
                NullableText(letter.TenantId),
                new NpgsqlParameter<byte[]> { TypedValue = letter.Payload.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea },
                new NpgsqlParameter<byte[]> { TypedValue = letter.Envelope.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea },
                Text(letter.Error),
                Integer(letter.Attempts),
                TimestampTz(letter.FailedAt),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.DeadLetters, Integer(maxCount));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.IsDBNull(0) ? null : reader.GetGuid(0),
                (DeadLetterOrigin)reader.GetInt16(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetFieldValue<byte[]>(7),
                reader.GetString(8),
                reader.GetInt32(9),
                reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return letters;
    }

    /// <inheritdoc />
    public async ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.Purge, TimestampTz(CeilingToMicroseconds(before)));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        return (long)(await PostgresTenantSettings.ExecuteScalarAsync(batch, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.Count, TimestampTz(FloorToMicroseconds(_clock.GetUtcNow())));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>Reads a row of <see cref="PostgresMessageSql.Lease"/>'s columns, from its second on.</summary>
    private static OutboxMessage ReadMessage(NpgsqlDataReader reader)
        => new(
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetFieldValue<byte[]>(6),
            reader.GetFieldValue<byte[]>(7),
            reader.GetFieldValue<DateTimeOffset>(8));

    private static NpgsqlParameter<string?> NullableText(string? value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    // Stored times are whole microseconds, so comparing them with a bound rounded down ("not after now") or up
    // ("before", "not before") gives the same answer as comparing with the exact bound.
    private static DateTimeOffset FloorToMicroseconds(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static DateTimeOffset CeilingToMicroseconds(DateTimeOffset value)
    {
        var floor = FloorToMicroseconds(value);
        return floor.UtcTicks == value.UtcTicks || floor.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerMicrosecond
            ? floor
            : floor.AddTicks(TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Runs one statement after the tenant settings, in one round trip and one implicit transaction.</summary>
    private async Task ExecuteAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(sql, parameters);
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares on the physical connection, where the statements stay prepared for the next use (see <see cref="PostgresEventStoreOptions.PrepareStatements"/>).</summary>
    private Task PrepareAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
        => _prepareStatements ? batch.PrepareAsync(cancellationToken) : Task.CompletedTask;
}
