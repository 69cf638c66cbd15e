using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Postgres.Schema;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// The production event store on PostgreSQL. An append, to one stream or several, is one batch sent in one round trip
/// and committed as one implicit transaction: one statement per stream claims the stream row with the version check,
/// then one statement inserts every event from arrays. Read-all is gap-safe: it orders by (transaction id, sequence)
/// and returns only transactions older than every transaction still running, so a reader tailing from a checkpoint
/// never passes an event that commits later (the price: a long-running transaction anywhere in the cluster holds
/// tailing readers back until it ends). Payloads are stored as <c>jsonb</c>, so they must be valid JSON and are read
/// back in PostgreSQL's normalized form (the same JSON value; key order and whitespace may differ); empty payloads are
/// stored as NULL and read back empty.
/// <para>
/// Tenants are kept apart by the database too: every table with a tenant column has a row-level security policy, and
/// every transaction the store runs is confined to <see cref="TenantContext.IsolatedTenant"/> by a transaction-local
/// setting sent in the same batch (no extra round trip). Code running for tenant A sees only A's rows, and a write of
/// another tenant's rows is refused with <see cref="CrossTenantAccessException"/>. This holds only for a role that is
/// neither a superuser nor has BYPASSRLS (see <see cref="PostgresEventStoreOptions.RequireRowLevelSecurity"/>); SQL of
/// your own gets the same confinement from <see cref="PostgresTenancy.BeginTenantTransactionAsync(NpgsqlDataSource, CancellationToken)"/>.
/// </para>
/// <para>
/// Inline projections (<see cref="IInlineProjectionHost"/>) update documents of a <see cref="PostgresProjectionStorage"/>
/// over the same database and schema in the append's transaction. Such an append is an explicit transaction whose first
/// round trip is the plain append's batch preceded by the projections' gates (a shared transaction-scoped advisory lock
/// each) and a read of their live generations; then come the projections' own loads and writes, and the commit. An
/// inline projection's activation takes its gate exclusively (see <see cref="PostgresProjectionStorage"/>), so the live
/// generation an append read cannot change before it commits.
/// </para>
/// <para>
/// Every append also writes the current dispatch's <see cref="PendingMessages"/> (outbox messages and the inbox entry of
/// the message being handled) to the tables of <see cref="PostgresMessageStore"/>, as the last statements of its first
/// batch: no extra round trip. A message handled before fails the whole append with
/// <see cref="DuplicateMessageException"/>, and nothing is written.
/// </para>
/// </summary>
/// <remarks>
/// Give the store a shared <see cref="NpgsqlDataSource"/>. With <see cref="NpgsqlSlimDataSourceBuilder"/> (smaller
/// native AOT binaries), call <see cref="NpgsqlSlimDataSourceBuilder.EnableArrays"/>: events travel as arrays.
/// </remarks>
public sealed class PostgresEventStore : IEventStore, IInlineProjectionHost
{
    private const string VersionConflict = "WB409";
    private const string EventIdConstraint = "events_event_id_key";
    private const string StreamVersionConstraint = "events_stream_version_key";

    /// <summary>How often an inline append runs before a document race it keeps losing propagates.</summary>
    private const int MaxInlineAttempts = 10;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly string _schema;
    private readonly bool _prepareStatements;
    private readonly PostgresSql _sql;
    private readonly PostgresProjectionSql _projectionSql;
    private readonly PostgresMessageSql _messageSql;
    private readonly PostgresSchemaGate _schemaGate;

    /// <summary>Creates a store over <paramref name="dataSource"/>; the schema is created or migrated on first use.</summary>
    /// <param name="dataSource">The database, shared by the application; the store does not dispose it.</param>
    /// <param name="options">The schema and how to use it; the defaults when null.</param>
    /// <param name="clock">The time events are stamped with; the system clock when null.</param>
    /// <param name="loggerFactory">Where the store reports a role that bypasses row-level security; nowhere when null.</param>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public PostgresEventStore(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresEventStoreOptions();
        var schema = options.Schema;
        PostgresIdentifier.Validate(schema, nameof(options));
        _prepareStatements = options.PrepareStatements;
        _dataSource = dataSource;
        _clock = clock ?? TimeProvider.System;
        _schema = schema;
        _schemaGate = new PostgresSchemaGate(
            dataSource, schema, options.RequireRowLevelSecurity, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresEventStore>());
        _sql = new PostgresSql(schema);
        _projectionSql = new PostgresProjectionSql(schema);
        _messageSql = new PostgresMessageSql(schema);
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

    /// <inheritdoc />
    /// <remarks>
    /// True for a <see cref="PostgresProjectionStorage"/> in this store's schema over the same data source, or over one
    /// with the same connection string (the same database, as the same user).
    /// </remarks>
    public bool SharesTransactionsWith(IProjectionStorage storage)
        => storage is PostgresProjectionStorage postgres
            && string.Equals(postgres.Schema, _schema, StringComparison.Ordinal)
            && (ReferenceEquals(postgres.DataSource, _dataSource) || string.Equals(postgres.DataSource.ConnectionString, _dataSource.ConnectionString, StringComparison.Ordinal));

    /// <inheritdoc />
    /// <remarks>
    /// Inline appends to different streams run at once, and may update the same documents: an append that loses a race
    /// to create a document (or a deadlock the server breaks) is run again from the start, transparently, as its first
    /// attempt left nothing behind.
    /// </remarks>
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector projector, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        ArgumentNullException.ThrowIfNull(projector);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendCoreAsync(appends, projector, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException error) when (attempt < MaxInlineAttempts && PostgresDocuments.IsWriteRace(error))
            {
                // Each retry finds the documents the winners created, so races end as documents come to exist.
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.ReadStream, Text(stream.Tenant), Text(stream.Id), BigInt(fromVersion));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await foreach (var e in ReadAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ValidateReadAll(options);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        BindReadAll(batch.Add(_sql.ReadAll(options.EventNames is { Count: > 0 }, options.FromTimestamp.HasValue)), options, limit: options.MaxCount);
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await foreach (var e in ReadAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
    {
        ValidateReadAll(options);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        BindReadAll(batch.Add(_sql.CountAll(options.EventNames is { Count: > 0 }, options.FromTimestamp.HasValue)), options, limit: null);
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        return (long)(await PostgresTenantSettings.ExecuteScalarAsync(batch, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.StreamVersion, Text(stream.Tenant), Text(stream.Id));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        return await PostgresTenantSettings.ExecuteScalarAsync(batch, cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <inheritdoc />
    public async ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.CountStreams, Text(tenant));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        return (long)(await PostgresTenantSettings.ExecuteScalarAsync(batch, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        AppendArguments.ValidateDelete(stream, expected);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The row lock makes appends to the stream wait, so the events deleted next are all the stream has. The settings
        // sent with it confine the whole transaction: another tenant's stream is not found, so nothing of it is deleted.
        long? current;
        await using (var lockStream = PostgresTenantSettings.CreateBatch(connection, transaction))
        {
            lockStream.Add(_sql.LockStream, Text(stream.Tenant), Text(stream.Id));
            current = await PostgresTenantSettings.ExecuteScalarAsync(lockStream, cancellationToken).ConfigureAwait(false) as long?;
        }

        if (current is null)
        {
            return expected.IsAny ? false : throw new ConcurrencyException(stream, expected, 0);
        }

        if (!expected.IsSatisfiedBy(current.Value))
        {
            throw new ConcurrencyException(stream, expected, current.Value);
        }

        await using (var delete = new NpgsqlBatch(connection, transaction))
        {
            delete.Add(_sql.DeleteEvents, Text(stream.Tenant), Text(stream.Id));
            delete.Add(_sql.DeleteStream, Text(stream.Tenant), Text(stream.Id));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Appends in one batch. Without <paramref name="projector"/>, the batch is the whole append: one round trip, one
    /// implicit transaction. With it, the batch opens an explicit transaction that stays open while the projector
    /// updates documents, and commits after it; when anything throws, disposing the transaction rolls it all back.
    /// </summary>
    private async Task<AppendResult[]> AppendCoreAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector? projector, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        // Stream rows are claimed in one order by every append, so two multi-stream appends never wait on each other
        // in a cycle; the events are then inserted in the order of the appends, so that is their global order.
        var claimOrder = new int[appends.Count];
        for (var i = 0; i < claimOrder.Length; i++)
        {
            claimOrder[i] = i;
        }

        // Creating many streams (a batch import, a unit of work of new aggregates) claims them all in one statement.
        var claimAllNew = appends.Count > 1 && appends.All(a => a.Expected == ExpectedVersion.NoStream);
        if (claimOrder.Length > 1 && !claimAllNew)
        {
            Array.Sort(claimOrder, (a, b) => CompareStreams(appends[a].Stream, appends[b].Stream));
        }

        // The messages the current dispatch sent and the inbox entry of the message it handles commit with its events:
        // their inserts close the same batch, so they cost no round trip of their own.
        var pending = PendingMessages.Current;
        var messages = pending?.Peek();
        messages?.Validate();

        // As stored (timestamptz keeps microseconds), so that inline projections see the time readers will.
        var timestamp = TruncateToMicroseconds(_clock.GetUtcNow());
        var isolatedTenant = TenantContext.IsolatedTenant;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Read committed whatever the server's default, so that each statement after the gates sees what committed before them.
        await using var transaction = projector is null ? null : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

        // The tenant settings come first, in the same round trip: they confine the implicit transaction of a plain
        // append, and the whole explicit transaction of an inline one (its projections' reads and writes included).
        await using var batch = PostgresTenantSettings.CreateBatch(connection, transaction, isolatedTenant);
        if (projector is not null)
        {
            AddInlineGateCommands(batch, projector.Projections);
        }

        if (claimAllNew)
        {
            batch.BatchCommands.Add(CreateClaimNewManyCommand(appends));
        }
        else
        {
            foreach (var i in claimOrder)
            {
                batch.BatchCommands.Add(CreateClaimCommand(appends[i], i));
            }
        }

        batch.BatchCommands.Add(CreateInsertCommand(appends, timestamp, returningEach: projector is not null));
        if (messages is not null)
        {
            PostgresMessageWrites.AddCommands(batch, _messageSql, messages);
        }

        if (_prepareStatements)
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        var results = new AppendResult[appends.Count];
        Dictionary<string, int>? liveGenerations = null;
        RecordedEvent[]? recorded = null;
        try
        {
            // Without an explicit transaction the batch is one implicit transaction: a failing statement rolls back all.
            await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
            if (projector is not null)
            {
                liveGenerations = await ReadInlineGateAsync(reader, projector.Projections.Count, cancellationToken).ConfigureAwait(false);
            }

            var versions = new long[appends.Count];
            if (claimAllNew)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < versions.Length; i++)
                {
                    versions[i] = appends[i].Events.Count;
                }
            }
            else
            {
                foreach (var i in claimOrder)
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    versions[i] = reader.GetInt64(0);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (projector is null)
            {
                var lastSequences = new Dictionary<StreamId, GlobalPosition>(appends.Count);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lastSequences[new StreamId(reader.GetString(0), reader.GetString(1))] = new GlobalPosition((long)reader.GetFieldValue<ulong>(3), reader.GetInt64(2));
                }

                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = new AppendResult(versions[i], lastSequences[appends[i].Stream]);
                }
            }
            else
            {
                recorded = await ReadRecordedAsync(reader, appends, versions, timestamp, results, cancellationToken).ConfigureAwait(false);
            }

            if (messages is not null)
            {
                // The messages' inserts come last: reading past them surfaces their failure here, with everything rolled back.
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
        }
        catch (PostgresException error) when (messages is not null && PostgresMessageWrites.IsMessageFault(error, messages, isolatedTenant) && ForeignAppend(error, appends, isolatedTenant) is null)
        {
            throw await PostgresMessageWrites.TranslateAsync(error, messages, isolatedTenant, _dataSource, _messageSql, _prepareStatements, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (IsAppendFault(error))
        {
            throw await TranslateAsync(error, appends, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (ForeignAppend(error, appends, isolatedTenant) is { } foreign)
        {
            // The database refused to claim or write another tenant's stream: nothing was written.
            throw new CrossTenantAccessException(isolatedTenant!, foreign.Stream.Tenant, $"append to stream '{foreign.Stream.Id}'", error);
        }

        if (projector is not null)
        {
            var session = new PostgresInlineSession(connection, transaction!, _projectionSql, _prepareStatements, projector.Projections, liveGenerations!, isolatedTenant);
            await projector.ProjectAsync(recorded!, session, cancellationToken).ConfigureAwait(false);
            await transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (messages is not null)
        {
            pending!.Written(messages);
        }

        return results;
    }

    /// <summary>
    /// First in an inline append: each projection's gate, shared (in the projector's order, the same in every append),
    /// then, as a statement of its own so that it sees every activation committed before the gates were granted, the
    /// live generations.
    /// </summary>
    private void AddInlineGateCommands(NpgsqlBatch batch, IReadOnlyList<string> projections)
    {
        foreach (var projection in projections)
        {
            var gate = new NpgsqlBatchCommand(_projectionSql.LockInlineShared);
            gate.Parameters.Add(Text(projection));
            batch.BatchCommands.Add(gate);
        }

        var live = new NpgsqlBatchCommand(_projectionSql.LiveGenerations);
        live.Parameters.Add(TextArray([.. projections]));
        batch.BatchCommands.Add(live);
    }

    /// <summary>Reads the results of <see cref="AddInlineGateCommands"/>: the live generations by projection.</summary>
    private static async Task<Dictionary<string, int>> ReadInlineGateAsync(NpgsqlDataReader reader, int gates, CancellationToken cancellationToken)
    {
        for (var i = 0; i < gates; i++)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        var live = new Dictionary<string, int>(gates, StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            live[reader.GetString(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return live;
    }

    /// <summary>
    /// Reads <see cref="PostgresSql.InsertEventsReturningEach"/>: the events as recorded, in the append's order. A
    /// stream's versions follow from its new version (<paramref name="versions"/>), which its claim returned.
    /// </summary>
    private static async Task<RecordedEvent[]> ReadRecordedAsync(
        NpgsqlDataReader reader, IReadOnlyList<StreamAppend> appends, long[] versions, DateTimeOffset timestamp, AppendResult[] results, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var append in appends)
        {
            count += append.Events.Count;
        }

        var recorded = new RecordedEvent[count];
        var row = 0;
        for (var i = 0; i < appends.Count; i++)
        {
            var (stream, _, events) = appends[i];
            var firstVersion = versions[i] - events.Count + 1;
            for (var j = 0; j < events.Count; j++, row++)
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var e = events[j];
                var position = new GlobalPosition((long)reader.GetFieldValue<ulong>(1), reader.GetInt64(0));
                recorded[row] = new RecordedEvent(stream, firstVersion + j, position, e.EventId, e.EventName, e.Data, e.Metadata, timestamp);
            }

            results[i] = new AppendResult(versions[i], recorded[row - 1].Position);
        }

        return recorded;
    }

    private NpgsqlBatchCommand CreateClaimCommand(StreamAppend append, int part)
    {
        var expected = append.Expected;
        var command = new NpgsqlBatchCommand(expected.IsAny ? _sql.ClaimAny : expected.Value == 0 ? _sql.ClaimNew : _sql.ClaimExact);
        command.Parameters.Add(Text(append.Stream.Tenant));
        command.Parameters.Add(Text(append.Stream.Id));
        command.Parameters.Add(BigInt(append.Events.Count));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = part, NpgsqlDbType = NpgsqlDbType.Integer });
        if (!expected.IsAny && expected.Value != 0)
        {
            command.Parameters.Add(BigInt(expected.Value));
        }

        return command;
    }

    private NpgsqlBatchCommand CreateClaimNewManyCommand(IReadOnlyList<StreamAppend> appends)
    {
        var tenants = new string[appends.Count];
        var streams = new string[appends.Count];
        var counts = new long[appends.Count];
        var parts = new int[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            (tenants[i], streams[i], counts[i], parts[i]) = (appends[i].Stream.Tenant, appends[i].Stream.Id, appends[i].Events.Count, i);
        }

        var command = new NpgsqlBatchCommand(_sql.ClaimNewMany);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = counts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = parts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return command;
    }

    private NpgsqlBatchCommand CreateInsertCommand(IReadOnlyList<StreamAppend> appends, DateTimeOffset timestamp, bool returningEach)
    {
        var count = 0;
        foreach (var append in appends)
        {
            count += append.Events.Count;
        }

        var tenants = new string[count];
        var streams = new string[count];
        var versions = new long?[count];
        var behind = new long[count];
        var ids = new Guid[count];
        var names = new string[count];
        var data = new byte[]?[count];
        var metadata = new byte[]?[count];
        var row = 0;
        foreach (var append in appends)
        {
            var events = append.Events;
            long? firstVersion = append.Expected.IsAny ? null : append.Expected.Value + 1;
            for (var i = 0; i < events.Count; i++, row++)
            {
                var e = events[i];
                tenants[row] = append.Stream.Tenant;
                streams[row] = append.Stream.Id;
                versions[row] = firstVersion + i;
                behind[row] = events.Count - 1 - i;
                ids[row] = e.EventId;
                names[row] = e.EventName;
                data[row] = JsonOrNull(e.Data);
                metadata[row] = JsonOrNull(e.Metadata);
            }
        }

        var command = new NpgsqlBatchCommand(returningEach ? _sql.InsertEventsReturningEach : _sql.InsertEvents);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = behind, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = timestamp, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    /// <summary>Empty payloads are stored as NULL (jsonb has no empty value); whole arrays are sent without a copy.</summary>
    private static byte[]? JsonOrNull(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        return MemoryMarshal.TryGetArray(json, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : json.ToArray();
    }

    /// <summary>The first append outside <paramref name="isolatedTenant"/> when the database refused it as a crossing (see <see cref="PostgresTenantSettings.IsCrossTenantRefusal"/>).</summary>
    private static StreamAppend? ForeignAppend(PostgresException error, IReadOnlyList<StreamAppend> appends, string? isolatedTenant)
    {
        foreach (var append in appends)
        {
            if (PostgresTenantSettings.IsCrossTenantRefusal(error, isolatedTenant, append.Stream.Tenant))
            {
                return append;
            }
        }

        return null;
    }

    private static bool IsAppendFault(PostgresException error)
        => error.SqlState is VersionConflict
            || (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName is EventIdConstraint or StreamVersionConstraint)
            || error.SqlState.StartsWith("22", StringComparison.Ordinal); // data exceptions: invalid JSON, invalid UTF-8, NUL characters

    private async Task<Exception> TranslateAsync(PostgresException error, IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        if (error.SqlState == VersionConflict)
        {
            // HINT is "<part> <actual version>" (see raise_version_conflict).
            var hint = error.Hint.AsSpan();
            var space = hint.IndexOf(' ');
            if (space > 0
                && int.TryParse(hint[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var part) && part < appends.Count
                && long.TryParse(hint[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var actual))
            {
                return new ConcurrencyException(appends[part].Stream, appends[part].Expected, actual, error);
            }

            return error;
        }

        if (error.ConstraintName == StreamVersionConstraint)
        {
            // Only reachable when the tables were changed behind the store's back: the stream row is the real guard.
            var append = appends[0];
            return new ConcurrencyException(append.Stream, append.Expected, await GetStreamVersionAsync(append.Stream, cancellationToken).ConfigureAwait(false) ?? 0, error);
        }

        if (error.ConstraintName == EventIdConstraint)
        {
            return await ReusedEventIdAsync(error, appends, cancellationToken).ConfigureAwait(false);
        }

        return InvalidData(error, appends);
    }

    private async Task<ArgumentException> ReusedEventIdAsync(PostgresException error, IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        foreach (var append in appends)
        {
            ids.AddRange(append.Events.Select(e => e.EventId));
        }

        // Under row-level security this finds only the tenant's own events: an id another tenant used looks like one
        // being stored by another append, and nothing about that tenant's events is disclosed.
        var stored = new HashSet<Guid>();
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var batch = PostgresTenantSettings.CreateBatch(connection))
        {
            batch.Add(_sql.ExistingEventIds, new NpgsqlParameter<Guid[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        foreach (var append in appends)
        {
            for (var i = 0; i < append.Events.Count; i++)
            {
                if (stored.Contains(append.Events[i].EventId))
                {
                    return new ArgumentException(
                        $"Event {i} of the batch for stream '{append.Stream}' reuses event id {append.Events[i].EventId}, already stored; nothing was appended.", "events", error);
                }
            }
        }

        // The other append that stored the id has not committed yet, or rolled back since.
        return new ArgumentException(
            $"An event of the batch for stream '{appends[0].Stream}'{(appends.Count > 1 ? " and the other streams" : string.Empty)} reuses an event id being stored by another append; nothing was appended.",
            "events",
            error);
    }

    private static ArgumentException InvalidData(PostgresException error, IReadOnlyList<StreamAppend> appends)
    {
        // PostgreSQL does not say which array element it refused; finding it again here costs nothing on the happy path.
        foreach (var append in appends)
        {
            for (var i = 0; i < append.Events.Count; i++)
            {
                var e = append.Events[i];
                var part = !IsJson(e.Data.Span) ? "data" : !IsJson(e.Metadata.Span) ? "metadata" : null;
                if (part is not null)
                {
                    return new ArgumentException(
                        $"Event {i} ('{e.EventName}', id {e.EventId}) of the batch for stream '{append.Stream}' has {part} that is not valid JSON, which PostgreSQL stores as jsonb ({error.MessageText}); nothing was appended.",
                        "events",
                        error);
                }
            }
        }

        return new ArgumentException(
            $"PostgreSQL refused an event of the batch for stream '{appends[0].Stream}'{(appends.Count > 1 ? " or the other streams" : string.Empty)}: {error.MessageText}; nothing was appended.",
            "events",
            error);
    }

    private static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return true;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<RecordedEvent> ReadAsync(NpgsqlBatch batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RecordedEvent(
                new StreamId(reader.GetString(2), reader.GetString(3)),
                Version: reader.GetInt64(4),
                Position: new GlobalPosition((long)reader.GetFieldValue<ulong>(1), reader.GetInt64(0)),
                EventId: reader.GetGuid(5),
                EventName: reader.GetString(6),
                Data: reader.IsDBNull(7) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(7),
                Metadata: reader.IsDBNull(8) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(8),
                Timestamp: reader.GetFieldValue<DateTimeOffset>(9));
        }
    }

    private static int CompareStreams(StreamId left, StreamId right)
    {
        var byTenant = string.CompareOrdinal(left.Tenant, right.Tenant);
        return byTenant != 0 ? byTenant : string.CompareOrdinal(left.Id, right.Id);
    }

    /// <summary>What timestamptz keeps of a time it stores: whole microseconds.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>timestamptz keeps microseconds: round a lower bound up so that "at or after" means the same as in .NET.</summary>
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset value)
    {
        const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;
        var ticks = value.UtcTicks;
        var remainder = ticks % TicksPerMicrosecond;
        if (remainder != 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks - TicksPerMicrosecond)
        {
            ticks += TicksPerMicrosecond - remainder;
        }

        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static void ValidateReadAll(ReadAllOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.After.Transaction, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.After.Sequence, nameof(options));
    }

    /// <summary>Binds read-all's parameters in <see cref="PostgresSql.ReadAll"/>'s order; without a limit, in <see cref="PostgresSql.CountAll"/>'s.</summary>
    private static void BindReadAll(NpgsqlBatchCommand command, ReadAllOptions options, int? limit)
    {
        command.Parameters.Add(Xid8(options.After.Transaction));
        command.Parameters.Add(BigInt(options.After.Sequence));
        if (limit is { } max)
        {
            command.Parameters.Add(BigInt(max));
        }

        if (options.EventNames is { Count: > 0 } names)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. names], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }

        if (options.FromTimestamp is { } from)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = ToStoredPrecision(from), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }
    }

    /// <summary>
    /// Prepares on the connection's physical connection, where the statement stays prepared when the connection goes
    /// back to the pool: only a statement's first use on a connection costs a round trip, later ones skip parsing and
    /// planning.
    /// </summary>
    private Task PrepareAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
        => _prepareStatements ? batch.PrepareAsync(cancellationToken) : Task.CompletedTask;

}
