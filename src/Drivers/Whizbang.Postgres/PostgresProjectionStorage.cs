using System.Runtime.InteropServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Whizbang.EventSourcing;
using Whizbang.Postgres.Schema;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Postgres;

/// <summary>
/// Projection storage on PostgreSQL, in the event store's schema: generations with their checkpoints and leases,
/// documents as <c>jsonb</c> (GIN-indexed for filters), failures. A commit is one batch sent in one round trip and
/// committed as one implicit transaction: the fence first (it moves the checkpoint only while the owner's lease holds
/// and the checkpoint is the one the batch started from, and fails the batch otherwise), then one statement each for
/// upserts, deletes, failures and activation. Leases run on the database's clock, which every worker shares.
/// </summary>
/// <remarks>
/// Documents are read back in jsonb's normalized form (the same JSON value; key order and whitespace may differ).
/// jsonb refuses what is not JSON, and the <c>\u0000</c> escape. With <see cref="NpgsqlSlimDataSourceBuilder"/>, call
/// <see cref="NpgsqlSlimDataSourceBuilder.EnableArrays"/>: writes travel as arrays.
/// </remarks>
public sealed class PostgresProjectionStorage : IProjectionStorage
{
    private const string Fenced = "WB412";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly bool _prepareStatements;
    private readonly PostgresProjectionSql _sql;
    private readonly Lock _schemaGate = new();
    private Task? _schemaReady;

    /// <summary>
    /// Creates a storage over <paramref name="dataSource"/> in the schema of <paramref name="options"/> (the event
    /// store's options: the same schema keeps events and projections together); the schema is created or migrated on
    /// first use.
    /// </summary>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public PostgresProjectionStorage(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresEventStoreOptions();
        PostgresIdentifier.Validate(options.Schema, nameof(options));
        _dataSource = dataSource;
        _schema = options.Schema;
        _prepareStatements = options.PrepareStatements;
        _sql = new PostgresProjectionSql(_schema);
    }

    /// <summary>The schema holding the storage's tables.</summary>
    public string Schema => _schema;

    /// <summary>
    /// Creates or migrates the schema now rather than on first use (for example at startup). Safe to call repeatedly
    /// and from several processes at once.
    /// </summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var ready = Volatile.Read(ref _schemaReady);
        if (ready is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_schemaGate)
        {
            // A failed attempt (server down, no permission) is not remembered: the next call tries again.
            if (_schemaReady is null || _schemaReady.IsFaulted || _schemaReady.IsCanceled)
            {
                _schemaReady = PostgresSchema.EnsureAsync(_dataSource, _schema, CancellationToken.None);
            }

            return _schemaReady.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidatePosition(start, nameof(start));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Two statements, so that the read has a snapshot of its own: it sees a generation a racing register committed
        // while the insert waited for it.
        await using var batch = new NpgsqlBatch(connection);
        var register = new NpgsqlBatchCommand(_sql.Register);
        register.Parameters.Add(Text(projection));
        register.Parameters.Add(BigInt(start.Transaction));
        register.Parameters.Add(BigInt(start.Sequence));
        batch.BatchCommands.Add(register);
        var read = new NpgsqlBatchCommand(_sql.Generations);
        read.Parameters.Add(Text(projection));
        batch.BatchCommands.Add(read);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadGenerationsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default)
    {
        if (projection is not null)
        {
            ProjectionStorageArguments.ValidateProjection(projection);
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(projection is null ? _sql.AllGenerations : _sql.Generations, connection);
        if (projection is not null)
        {
            command.Parameters.Add(Text(projection));
        }

        await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadGenerationsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidatePosition(start, nameof(start));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(_sql.StartRebuild, connection))
        {
            command.Parameters.Add(Text(projection));
            command.Parameters.Add(BigInt(start.Transaction));
            command.Parameters.Add(BigInt(start.Sequence));
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await ReadGenerationsAsync(reader, cancellationToken).ConfigureAwait(false) is [var building])
                {
                    return building;
                }
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new InvalidOperationException($"Projection '{projection}' is being rebuilt already, by a rebuild started at the same time; wait until it goes live.", error);
            }
        }

        // Nothing inserted: say why.
        var generations = await GetGenerationsAsync(projection, cancellationToken).ConfigureAwait(false);
        throw generations.FirstOrDefault(g => g.Status == GenerationStatus.Building) is { } existing
            ? new InvalidOperationException($"Projection '{projection}' is being rebuilt already (generation {existing.Generation}); wait until it goes live.")
            : new InvalidOperationException($"Projection '{projection}' cannot be rebuilt: it is not registered.");
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLease(projection, generation, owner, duration);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.AcquireLease, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        command.Parameters.Add(Text(owner));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = duration, NpgsqlDbType = NpgsqlDbType.Interval });
        await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateOwner(owner);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.ReleaseLease, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        command.Parameters.Add(Text(owner));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLoad(projection, generation, keys);
        var found = new Dictionary<DocumentKey, ReadOnlyMemory<byte>>(keys.Count);
        if (keys.Count == 0)
        {
            return found;
        }

        var tenants = new string[keys.Count];
        var ids = new string[keys.Count];
        var i = 0;
        foreach (var key in keys)
        {
            (tenants[i], ids[i]) = (key.Tenant, key.Id);
            i++;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Load, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        command.Parameters.Add(TextArray(tenants));
        command.Parameters.Add(TextArray(ids));
        await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[new DocumentKey(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<byte[]>(2);
        }

        return found;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default)
    {
        // jsonb checks the documents itself, on the server: no second parse here.
        ProjectionStorageArguments.ValidateCommit(commit, checkJson: false);
        cancellationToken.ThrowIfCancellationRequested();
        var writes = ProjectionStorageArguments.LastWritePerKey(commit.Writes);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(CreateFenceCommand(commit));
        AddDocumentCommands(batch, commit, writes);
        if (commit.Failures.Count > 0)
        {
            batch.BatchCommands.Add(CreateFailuresCommand(commit));
        }

        if (commit.Activate)
        {
            batch.BatchCommands.Add(GenerationCommand(_sql.Retire, commit.Projection, commit.Generation));
            batch.BatchCommands.Add(GenerationCommand(_sql.Activate, commit.Projection, commit.Generation));
        }

        if (_prepareStatements)
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // Without an explicit transaction the batch is one implicit transaction: a failing statement rolls back all.
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException error) when (error.SqlState == Fenced)
        {
            return false;
        }
        catch (PostgresException error) when (error.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Data exceptions: not JSON, invalid UTF-8, the \u0000 escape.
            throw InvalidDocument(commit, writes, error);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateState(projection, generation, state);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.SetState, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        command.Parameters.Add(SmallInt((short)state));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateFailures(projection, maxCount);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Failures, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(maxCount));
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
                reader.GetGuid(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetBoolean(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return failures;
    }

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidateKey(key);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Find, connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Text(key.Tenant));
        command.Parameters.Add(Text(key.Id));
        await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetFieldValue<byte[]>(0) : (ReadOnlyMemory<byte>?)null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateQuery(projection, tenant, query);
        var filters = query.Filters;
        var nulls = filters.Count(f => f.Kind == JsonValueKind.Null);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Query(filters.Count - nulls, nulls), connection);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Text(tenant));
        command.Parameters.Add(Text(query.AfterId ?? string.Empty));
        command.Parameters.Add(Integer(query.Take));
        foreach (var filter in filters.Where(f => f.Kind != JsonValueKind.Null))
        {
            command.Parameters.Add(Text(filter.Property));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = filter.ToJson(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        }

        foreach (var filter in filters.Where(f => f.Kind == JsonValueKind.Null))
        {
            command.Parameters.Add(Text(filter.Property));
        }

        await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(new StoredDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return documents;
    }

    private NpgsqlBatchCommand CreateFenceCommand(ProjectionCommit commit)
    {
        var command = GenerationCommand(_sql.Fence, commit.Projection, commit.Generation);
        command.Parameters.Add(Text(commit.Owner));
        command.Parameters.Add(BigInt(commit.From.Transaction));
        command.Parameters.Add(BigInt(commit.From.Sequence));
        command.Parameters.Add(BigInt(commit.To.Transaction));
        command.Parameters.Add(BigInt(commit.To.Sequence));
        command.Parameters.Add(SmallInt((short)commit.State));
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = commit.Error, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private void AddDocumentCommands(NpgsqlBatch batch, ProjectionCommit commit, IReadOnlyList<DocumentWrite> writes)
    {
        var upserts = 0;
        foreach (var write in writes)
        {
            upserts += write.Data is null ? 0 : 1;
        }

        var deletes = writes.Count - upserts;
        var (upsertTenants, upsertIds, data) = (new string[upserts], new string[upserts], new byte[upserts][]);
        var (deleteTenants, deleteIds) = (new string[deletes], new string[deletes]);
        int u = 0, d = 0;
        foreach (var write in writes)
        {
            if (write.Data is { } json)
            {
                (upsertTenants[u], upsertIds[u], data[u]) = (write.Key.Tenant, write.Key.Id, WholeArray(json));
                u++;
            }
            else
            {
                (deleteTenants[d], deleteIds[d]) = (write.Key.Tenant, write.Key.Id);
                d++;
            }
        }

        if (upserts > 0)
        {
            var upsert = GenerationCommand(_sql.Upsert, commit.Projection, commit.Generation);
            upsert.Parameters.Add(TextArray(upsertTenants));
            upsert.Parameters.Add(TextArray(upsertIds));
            upsert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            batch.BatchCommands.Add(upsert);
        }

        if (deletes > 0)
        {
            var delete = GenerationCommand(_sql.Delete, commit.Projection, commit.Generation);
            delete.Parameters.Add(TextArray(deleteTenants));
            delete.Parameters.Add(TextArray(deleteIds));
            batch.BatchCommands.Add(delete);
        }
    }

    private NpgsqlBatchCommand CreateFailuresCommand(ProjectionCommit commit)
    {
        var failures = commit.Failures;
        var count = failures.Count;
        var (transactions, sequences, versions) = (new long[count], new long[count], new long[count]);
        var (tenants, streams, names, errors) = (new string[count], new string[count], new string[count], new string[count]);
        var (eventIds, skipped, failedAt) = (new Guid[count], new bool[count], new DateTimeOffset[count]);
        for (var i = 0; i < count; i++)
        {
            var f = failures[i];
            (transactions[i], sequences[i], versions[i]) = (f.Position.Transaction, f.Position.Sequence, f.Version);
            (tenants[i], streams[i], names[i], errors[i]) = (f.Stream.Tenant, f.Stream.Id, f.EventName, f.Error);
            (eventIds[i], skipped[i], failedAt[i]) = (f.EventId, f.Skipped, f.FailedAt.ToUniversalTime());
        }

        var command = GenerationCommand(_sql.InsertFailures, commit.Projection, commit.Generation);
        command.Parameters.Add(BigIntArray(transactions));
        command.Parameters.Add(BigIntArray(sequences));
        command.Parameters.Add(TextArray(tenants));
        command.Parameters.Add(TextArray(streams));
        command.Parameters.Add(BigIntArray(versions));
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(TextArray(names));
        command.Parameters.Add(TextArray(errors));
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = skipped, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = failedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        return command;
    }

    /// <summary>PostgreSQL does not say which array element it refused; finding it again here costs nothing on the happy path.</summary>
    private static ArgumentException InvalidDocument(ProjectionCommit commit, IReadOnlyList<DocumentWrite> writes, PostgresException error)
    {
        var why = $"PostgreSQL refused it as jsonb ({error.MessageText})";
        foreach (var write in writes)
        {
            if (write.Data is { } json && !ProjectionStorageArguments.IsJson(json.Span))
            {
                return ProjectionStorageArguments.InvalidJson(commit.Projection, commit.Generation, write.Key, why, error);
            }
        }

        // Valid JSON that jsonb cannot hold: the \u0000 escape (text cannot contain NUL).
        foreach (var write in writes)
        {
            if (write.Data is { } json && json.Span.IndexOf("\\u0000"u8) >= 0)
            {
                return ProjectionStorageArguments.InvalidJson(commit.Projection, commit.Generation, write.Key, why, error);
            }
        }

        return new ArgumentException(
            $"Projection '{commit.Projection}' generation {commit.Generation}: PostgreSQL refused a document of the commit ({error.MessageText}). Nothing was written.",
            nameof(commit),
            error);
    }

    private static async Task<IReadOnlyList<ProjectionGeneration>> ReadGenerationsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var generations = new List<ProjectionGeneration>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            generations.Add(new ProjectionGeneration(
                reader.GetString(0),
                reader.GetInt32(1),
                (GenerationStatus)reader.GetInt16(2),
                new GlobalPosition(reader.GetInt64(3), reader.GetInt64(4)),
                (ProjectionRunState)reader.GetInt16(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return generations;
    }

    /// <summary>Whole arrays are sent without a copy.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> json)
        => MemoryMarshal.TryGetArray(json, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : json.ToArray();

    /// <summary>
    /// Prepares on the connection's physical connection, where the statement stays prepared when the connection goes
    /// back to the pool: only a statement's first use on a connection costs a round trip.
    /// </summary>
    private Task PrepareAsync(NpgsqlCommand command, CancellationToken cancellationToken)
        => _prepareStatements ? command.PrepareAsync(cancellationToken) : Task.CompletedTask;

    private static NpgsqlBatchCommand GenerationCommand(string sql, string projection, int generation)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        return command;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<long> BigInt(long value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter<int> Integer(int value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Integer };

    private static NpgsqlParameter<short> SmallInt(short value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Smallint };

    private static NpgsqlParameter<string[]> TextArray(string[] values) => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<long[]> BigIntArray(long[] values) => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
}
