using System.Data;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Whizbang.EventSourcing;
using Whizbang.Postgres.Schema;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;
using static Whizbang.Postgres.PostgresDocuments;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// Projection storage on PostgreSQL, in the event store's schema: generations with their checkpoints and leases,
/// documents as <c>jsonb</c> (GIN-indexed for filters), failures. A commit is one batch sent in one round trip and
/// committed as one implicit transaction: the fence first (it moves the checkpoint only while the owner's lease holds
/// and the checkpoint is the one the batch started from, and fails the batch otherwise), then one statement each for
/// upserts, deletes, failures and activation. Leases run on the database's clock, which every worker shares. The one
/// exception is the activation of an inline projection, which waits for inline appends in flight (see
/// <see cref="PostgresEventStore"/>): an explicit transaction, so the activation can depend on what it finds.
/// <para>
/// Documents and failures are kept apart by tenant by row-level security, as the events are: every transaction is
/// confined to <see cref="TenantContext.IsolatedTenant"/>, so code running for a tenant finds only its own documents.
/// The projection workers run outside any tenant and see them all.
/// </para>
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
    private readonly PostgresSchemaGate _schemaGate;

    /// <summary>
    /// Creates a storage over <paramref name="dataSource"/> in the schema of <paramref name="options"/> (the event
    /// store's options: the same schema keeps events and projections together); the schema is created or migrated on
    /// first use.
    /// </summary>
    /// <param name="dataSource">The database, shared by the application; the storage does not dispose it.</param>
    /// <param name="options">The event store's options; the defaults when null.</param>
    /// <param name="loggerFactory">Where the storage reports a role that bypasses row-level security; nowhere when null.</param>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public PostgresProjectionStorage(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresEventStoreOptions();
        PostgresIdentifier.Validate(options.Schema, nameof(options));
        _dataSource = dataSource;
        _schema = options.Schema;
        _schemaGate = new PostgresSchemaGate(
            dataSource, options.Schema, options.RequireRowLevelSecurity, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresProjectionStorage>());
        _prepareStatements = options.PrepareStatements;
        _sql = new PostgresProjectionSql(_schema);
    }

    /// <summary>The schema holding the storage's tables.</summary>
    public string Schema => _schema;

    /// <summary>Where the storage connects: an event store over the same database and schema can share its transactions.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

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
    public async ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateRegister(projection, start, status);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Two statements, so that the read has a snapshot of its own: it sees a generation a racing register committed
        // while the insert waited for it.
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.Register, Text(projection), BigInt(start.Transaction), BigInt(start.Sequence), SmallInt((short)status));
        batch.Add(_sql.Generations, Text(projection));
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
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
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        if (projection is null)
        {
            batch.Add(_sql.AllGenerations);
        }
        else
        {
            batch.Add(_sql.Generations, Text(projection));
        }

        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        return await ReadGenerationsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidatePosition(start, nameof(start));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = PostgresTenantSettings.CreateBatch(connection))
        {
            batch.Add(_sql.StartRebuild, Text(projection), BigInt(start.Transaction), BigInt(start.Sequence));
            try
            {
                await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
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
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        var acquire = batch.Add(
            _sql.AcquireLease, Text(projection), Integer(generation), Text(owner), new NpgsqlParameter<TimeSpan> { TypedValue = duration, NpgsqlDbType = NpgsqlDbType.Interval });
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return acquire.RecordsAffected == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateOwner(owner);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.ReleaseLease, Text(projection), Integer(generation), Text(owner));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresDocuments.LoadAsync(connection, null, _sql, _prepareStatements, projection, generation, keys, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default)
    {
        // jsonb checks the documents itself, on the server: no second parse here.
        ProjectionStorageArguments.ValidateCommit(commit, checkJson: false);
        cancellationToken.ThrowIfCancellationRequested();
        var writes = ProjectionStorageArguments.LastWritePerKey(commit.Writes);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (commit.Activate && commit.InlineEventNames is { } inlineEventNames)
        {
            return await CommitInlineActivationAsync(commit, writes, inlineEventNames, cancellationToken).ConfigureAwait(false);
        }

        var isolatedTenant = TenantContext.IsolatedTenant;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection, null, isolatedTenant);
        AddBatchCommands(batch, commit, writes);
        if (commit.Activate)
        {
            AddActivationCommands(batch, commit);
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
        catch (PostgresException error) when (IsDataException(error))
        {
            throw InvalidDocument(commit.Projection, commit.Generation, writes, error, nameof(commit));
        }
        catch (PostgresException error) when (ForeignWrite(error, writes, isolatedTenant) is { } foreign)
        {
            throw new CrossTenantAccessException(isolatedTenant!, foreign.Key.Tenant, $"write document '{foreign.Key.Id}' of projection '{commit.Projection}'", error);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateState(projection, generation, state);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        var setState = batch.Add(_sql.SetState, Text(projection), Integer(generation), SmallInt((short)state));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return setState.RecordsAffected == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateFailures(projection, maxCount);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.Failures, Text(projection), Integer(maxCount));
        var failures = new List<ProjectionFailure>();
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
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
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        batch.Add(_sql.Find, Text(projection), Text(key.Tenant), Text(key.Id));
        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
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
        await using var batch = PostgresTenantSettings.CreateBatch(connection);
        var command = batch.Add(_sql.Query(filters.Count - nulls, nulls), Text(projection), Text(tenant), Text(query.AfterId ?? string.Empty), Integer(query.Take));
        foreach (var filter in filters.Where(f => f.Kind != JsonValueKind.Null))
        {
            command.Parameters.Add(Text(filter.Property));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = filter.ToJson(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        }

        foreach (var filter in filters.Where(f => f.Kind == JsonValueKind.Null))
        {
            command.Parameters.Add(Text(filter.Property));
        }

        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        var documents = new List<StoredDocument>();
        await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(new StoredDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return documents;
    }

    /// <summary>
    /// Commits an inline projection's batch that would make its generation live. Under the projection's exclusive gate
    /// no inline append is in flight, so when the event store holds no event of the projection after
    /// <see cref="ProjectionCommit.To"/>, none can be missed: the generation goes live, and appends from then on update
    /// it. Otherwise the batch commits without the activation, and the builder reads those events next. Round trips:
    /// the gate, the fence, the check and the batch's writes in one; the activation when it happens; the commit.
    /// </summary>
    private async Task<bool> CommitInlineActivationAsync(
        ProjectionCommit commit, IReadOnlyList<DocumentWrite> writes, IReadOnlyList<string> inlineEventNames, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Read committed whatever the server's default: the check must see what committed before the gate was granted.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        bool caughtUp;
        await using (var batch = PostgresTenantSettings.CreateBatch(connection, transaction))
        {
            var gate = new NpgsqlBatchCommand(_sql.LockInlineExclusive);
            gate.Parameters.Add(Text(commit.Projection));
            batch.BatchCommands.Add(gate);

            // After the gate, so that in READ COMMITTED its snapshot is taken once the gate is held.
            var check = new NpgsqlBatchCommand(_sql.InlineEventsAfter);
            check.Parameters.Add(Xid8(commit.To.Transaction));
            check.Parameters.Add(BigInt(commit.To.Sequence));
            check.Parameters.Add(TextArray([.. inlineEventNames]));
            batch.BatchCommands.Add(check);
            AddBatchCommands(batch, commit, writes);
            if (_prepareStatements)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                caughtUp = !reader.GetBoolean(0);

                // The remaining results surface the fence's and the documents' errors.
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            catch (PostgresException error) when (error.SqlState == Fenced)
            {
                return false;
            }
            catch (PostgresException error) when (IsDataException(error))
            {
                throw InvalidDocument(commit.Projection, commit.Generation, writes, error, nameof(commit));
            }
        }

        if (caughtUp)
        {
            await using var activate = new NpgsqlBatch(connection, transaction);
            AddActivationCommands(activate, commit);
            if (_prepareStatements)
            {
                await activate.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            await activate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A commit's fence, document changes and failures: everything but the activation.</summary>
    private void AddBatchCommands(NpgsqlBatch batch, ProjectionCommit commit, IReadOnlyList<DocumentWrite> writes)
    {
        batch.BatchCommands.Add(CreateFenceCommand(commit));
        AddWriteCommands(batch, _sql, commit.Projection, commit.Generation, writes);
        if (commit.Failures.Count > 0)
        {
            batch.BatchCommands.Add(CreateFailuresCommand(commit));
        }
    }

    private void AddActivationCommands(NpgsqlBatch batch, ProjectionCommit commit)
    {
        batch.BatchCommands.Add(GenerationCommand(_sql.Retire, commit.Projection, commit.Generation));
        batch.BatchCommands.Add(GenerationCommand(_sql.Activate, commit.Projection, commit.Generation));
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

    /// <summary>
    /// Prepares on the connection's physical connection, where the statement stays prepared when the connection goes
    /// back to the pool: only a statement's first use on a connection costs a round trip.
    /// </summary>
    private Task PrepareAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
        => _prepareStatements ? batch.PrepareAsync(cancellationToken) : Task.CompletedTask;
}
