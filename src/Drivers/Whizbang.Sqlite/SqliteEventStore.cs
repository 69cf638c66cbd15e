using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Sqlite;

/// <summary>
/// The embedded default event store: one SQLite file in WAL mode, safe for concurrent appends from one process
/// (SQLite serializes writers; each append takes the write lock up front, so the version check and the insert
/// cannot interleave). Global order is the insert order, so a reader tailing <see cref="ReadAllAsync"/> never
/// passes an event that commits later with a lower position. Appends update inline projections kept by a
/// <see cref="SqliteProjectionStorage"/> in the same file within their own transaction, and write the current dispatch's
/// <see cref="PendingMessages"/> to the outbox and inbox of the <see cref="SqliteMessageStore"/> in the same file, so a
/// handler's events and messages commit together (a message it handled before fails the append with
/// <see cref="DuplicateMessageException"/>, and nothing is written).
/// </summary>
public sealed class SqliteEventStore : IEventStore, IInlineProjectionHost
{
    private const string Columns = "position, tenant_id, stream_id, version, event_id, event_name, data, metadata, timestamp";

    private readonly SqliteConnections _connections;
    private readonly TimeProvider _clock;

    /// <summary>Creates a store over <paramref name="connectionString"/>, for example <c>"Data Source=events.db"</c>.</summary>
    public SqliteEventStore(string connectionString, TimeProvider? clock = null)
    {
        _connections = new SqliteConnections(connectionString);
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool SharesTransactionsWith(IProjectionStorage storage)
        => storage is SqliteProjectionStorage sqlite && sqlite.DataSource == _connections.DataSource;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector projector, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        ArgumentNullException.ThrowIfNull(projector);
        return await AppendCoreAsync(appends, projector, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        var results = await AppendCoreAsync([new StreamAppend(stream, expected, events)], projector: null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        return await AppendCoreAsync(appends, projector: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AppendResult[]> AppendCoreAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector? projector, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The messages the current dispatch sent and the inbox entry of the message it handles commit with its events.
        var pending = PendingMessages.Current;
        var messages = pending?.Peek();
        messages?.Validate();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the write lock is taken before the version is read. (Microsoft.Data.Sqlite has no async overload.)
        // It also holds back an inline projection's switch to a new generation until this append is over.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var recorded = projector is null ? null : new List<RecordedEvent>();
        await using var insert = new EventInsert(connection, transaction, _clock.GetUtcNow(), recorded);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var (stream, expected, events) = appends[i];
            var current = await ReadVersionAsync(connection, transaction, stream, cancellationToken).ConfigureAwait(false) ?? 0;
            if (!expected.IsSatisfiedBy(current))
            {
                throw new ConcurrencyException(stream, expected, current);
            }

            results[i] = await insert.ExecuteAsync(stream, current, events, cancellationToken).ConfigureAwait(false);
        }

        if (messages is not null)
        {
            // A duplicate inbox entry throws here, and disposing the transaction takes the events back with it.
            await SqliteMessageWrites.WriteAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false);
        }

        if (projector is not null)
        {
            var live = await SqliteDocuments.LiveGenerationsAsync(connection, transaction, projector.Projections, cancellationToken).ConfigureAwait(false);
            await projector.ProjectAsync(recorded!, new SqliteInlineSession(connection, transaction, live), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (messages is not null)
        {
            pending!.Written(messages);
        }

        return results;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM whizbang_events WHERE tenant_id = $tenant AND stream_id = $stream AND version >= $from ORDER BY version;";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Id);
        command.Parameters.AddWithValue("$from", fromVersion);
        await foreach (var e in ReadAsync(command, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = BindReadAll(command, options);
        command.CommandText = $"SELECT {Columns} FROM whizbang_events WHERE {where} ORDER BY position LIMIT $max;";
        command.Parameters.AddWithValue("$max", options.MaxCount);
        await foreach (var e in ReadAsync(command, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM whizbang_events WHERE {BindReadAll(command, options)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, null, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM whizbang_streams WHERE tenant_id = $tenant;";
        command.Parameters.AddWithValue("$tenant", tenant);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        AppendArguments.ValidateDelete(stream, expected);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await ReadVersionAsync(connection, transaction, stream, cancellationToken).ConfigureAwait(false);
        if (!expected.IsSatisfiedBy(current ?? 0))
        {
            throw new ConcurrencyException(stream, expected, current ?? 0);
        }

        if (current is null)
        {
            return false;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM whizbang_events WHERE tenant_id = $tenant AND stream_id = $stream;
            DELETE FROM whizbang_streams WHERE tenant_id = $tenant AND stream_id = $stream;
            """;
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<long?> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, StreamId stream, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM whizbang_streams WHERE tenant_id = $tenant AND stream_id = $stream;";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    private static async IAsyncEnumerable<RecordedEvent> ReadAsync(SqliteCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RecordedEvent(
                new StreamId(reader.GetString(1), reader.GetString(2)),
                Version: reader.GetInt64(3),
                Position: new GlobalPosition(0, reader.GetInt64(0)),
                EventId: new Guid((byte[])reader.GetValue(4)),
                EventName: reader.GetString(5),
                Data: (byte[])reader.GetValue(6),
                Metadata: (byte[])reader.GetValue(7),
                Timestamp: new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero));
        }
    }

    /// <summary>Binds <paramref name="options"/>' filters to <paramref name="command"/> and returns its WHERE clause.</summary>
    private static string BindReadAll(SqliteCommand command, ReadAllOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.After.Sequence, nameof(options));
        var where = "position > $after";
        command.Parameters.AddWithValue("$after", options.After.Sequence);
        if (options.EventNames is { Count: > 0 } names)
        {
            var placeholders = names.Select((n, i) => "$name" + i).ToList();
            foreach (var (n, i) in names.Select((n, i) => (n, i)))
            {
                command.Parameters.AddWithValue("$name" + i, n);
            }

            where += $" AND event_name IN ({string.Join(", ", placeholders)})";
        }

        if (options.FromTimestamp is { } from)
        {
            where += " AND timestamp >= $from";
            command.Parameters.AddWithValue("$from", from.UtcTicks);
        }

        return where;
    }
}
