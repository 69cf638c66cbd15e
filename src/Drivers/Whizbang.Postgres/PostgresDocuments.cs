using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;
using Whizbang.Projections.Storage;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// Reading and writing projection documents on a given connection (and transaction): shared by the storage, which
/// loads and commits on connections of its own, and inline sessions, which work in an append's transaction.
/// </summary>
internal static class PostgresDocuments
{
    private const string DocumentKeyConstraint = "projection_documents_pkey";

    /// <summary>
    /// The stored documents of <paramref name="generation"/> among <paramref name="keys"/> (at least one); with
    /// <paramref name="forUpdate"/>, locked in the order of <paramref name="keys"/> (see <see cref="PostgresProjectionSql.LoadForUpdate"/>).
    /// Without <paramref name="transaction"/>, the load runs in a transaction of its own, confined to the current
    /// tenant; in one, it runs under the settings the transaction's first batch made.
    /// </summary>
    public static async Task<Dictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        PostgresProjectionSql sql,
        bool prepare,
        string projection,
        int generation,
        IReadOnlyCollection<DocumentKey> keys,
        bool forUpdate,
        CancellationToken cancellationToken)
    {
        var tenants = new string[keys.Count];
        var ids = new string[keys.Count];
        var i = 0;
        foreach (var key in keys)
        {
            (tenants[i], ids[i]) = (key.Tenant, key.Id);
            i++;
        }

        await using var batch = transaction is null ? PostgresTenantSettings.CreateBatch(connection) : new NpgsqlBatch(connection, transaction);
        batch.Add(forUpdate ? sql.LoadForUpdate : sql.Load, Text(projection), Integer(generation), TextArray(tenants), TextArray(ids));
        if (prepare)
        {
            // Prepared on the physical connection, where it stays when the connection goes back to the pool.
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        var found = new Dictionary<DocumentKey, ReadOnlyMemory<byte>>(keys.Count);
        await using var reader = transaction is null
            ? await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false)
            : await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[new DocumentKey(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<byte[]>(2);
        }

        return found;
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> one statement for the upserts and one for the deletes of
    /// <paramref name="writes"/>, which hold at most one write per key (see <see cref="ProjectionStorageArguments.LastWritePerKey"/>);
    /// documents among <paramref name="missing"/> (found missing by the writer's own read) are inserted instead, by a
    /// statement of their own that fails rather than overwrite a document created meanwhile.
    /// </summary>
    public static void AddWriteCommands(
        NpgsqlBatch batch, PostgresProjectionSql sql, string projection, int generation, IReadOnlyList<DocumentWrite> writes, IReadOnlySet<DocumentKey>? missing = null)
    {
        var (deletes, inserts) = (0, 0);
        foreach (var write in writes)
        {
            if (write.Data is null)
            {
                deletes++;
            }
            else if (missing is not null && missing.Contains(write.Key))
            {
                inserts++;
            }
        }

        var upserts = writes.Count - deletes - inserts;
        var (upsertTenants, upsertIds, upsertData) = (new string[upserts], new string[upserts], new byte[upserts][]);
        var (insertTenants, insertIds, insertData) = (new string[inserts], new string[inserts], new byte[inserts][]);
        var (deleteTenants, deleteIds) = (new string[deletes], new string[deletes]);
        int u = 0, i = 0, d = 0;
        foreach (var write in writes)
        {
            if (write.Data is not { } json)
            {
                (deleteTenants[d], deleteIds[d]) = (write.Key.Tenant, write.Key.Id);
                d++;
            }
            else if (missing is not null && missing.Contains(write.Key))
            {
                (insertTenants[i], insertIds[i], insertData[i]) = (write.Key.Tenant, write.Key.Id, WholeArray(json));
                i++;
            }
            else
            {
                (upsertTenants[u], upsertIds[u], upsertData[u]) = (write.Key.Tenant, write.Key.Id, WholeArray(json));
                u++;
            }
        }

        if (upserts > 0)
        {
            batch.BatchCommands.Add(DocumentsCommand(sql.Upsert, projection, generation, upsertTenants, upsertIds, upsertData));
        }

        if (inserts > 0)
        {
            batch.BatchCommands.Add(DocumentsCommand(sql.Insert, projection, generation, insertTenants, insertIds, insertData));
        }

        if (deletes > 0)
        {
            var delete = GenerationCommand(sql.Delete, projection, generation);
            delete.Parameters.Add(TextArray(deleteTenants));
            delete.Parameters.Add(TextArray(deleteIds));
            batch.BatchCommands.Add(delete);
        }
    }

    /// <summary>The first write outside <paramref name="isolatedTenant"/> when the database refused it as a crossing (see <see cref="PostgresTenantSettings.IsCrossTenantRefusal"/>).</summary>
    public static DocumentWrite? ForeignWrite(PostgresException error, IReadOnlyList<DocumentWrite> writes, string? isolatedTenant)
    {
        foreach (var write in writes)
        {
            if (PostgresTenantSettings.IsCrossTenantRefusal(error, isolatedTenant, write.Key.Tenant))
            {
                return write;
            }
        }

        return null;
    }

    /// <summary>A data exception (class 22): what jsonb raises for a document that is not JSON, not UTF-8, or holds the \u0000 escape.</summary>
    public static bool IsDataException(PostgresException error) => error.SqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>PostgreSQL does not say which array element it refused; finding it again here costs nothing on the happy path.</summary>
    public static ArgumentException InvalidDocument(string projection, int generation, IReadOnlyList<DocumentWrite> writes, PostgresException error, string parameterName)
    {
        var why = $"PostgreSQL refused it as jsonb ({error.MessageText})";
        foreach (var write in writes)
        {
            if (write.Data is { } json && !ProjectionStorageArguments.IsJson(json.Span))
            {
                return ProjectionStorageArguments.InvalidJson(projection, generation, write.Key, why, error);
            }
        }

        // Valid JSON that jsonb cannot hold: the \u0000 escape (text cannot contain NUL).
        foreach (var write in writes)
        {
            if (write.Data is { } json && json.Span.IndexOf("\\u0000"u8) >= 0)
            {
                return ProjectionStorageArguments.InvalidJson(projection, generation, write.Key, why, error);
            }
        }

        return new ArgumentException(
            $"Projection '{projection}' generation {generation}: PostgreSQL refused a document ({error.MessageText}). Nothing was written.",
            parameterName,
            error);
    }

    /// <summary>
    /// True when <paramref name="error"/> is a race between inline appends writing the same documents, which a retry
    /// of the append resolves: another append created a document this one found missing, or the server broke a
    /// deadlock between appends whose projections locked documents in different orders.
    /// </summary>
    public static bool IsWriteRace(PostgresException error)
        => (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == DocumentKeyConstraint)
            || error.SqlState == PostgresErrorCodes.DeadlockDetected;

    public static NpgsqlBatchCommand GenerationCommand(string sql, string projection, int generation)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(Text(projection));
        command.Parameters.Add(Integer(generation));
        return command;
    }

    private static NpgsqlBatchCommand DocumentsCommand(string sql, string projection, int generation, string[] tenants, string[] ids, byte[][] data)
    {
        var command = GenerationCommand(sql, projection, generation);
        command.Parameters.Add(TextArray(tenants));
        command.Parameters.Add(TextArray(ids));
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        return command;
    }

    /// <summary>Whole arrays are sent without a copy.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> json)
        => MemoryMarshal.TryGetArray(json, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : json.ToArray();
}
