using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Whizbang.Projections.Storage;

namespace Whizbang.Sqlite;

/// <summary>Reads and writes projection documents inside a caller's transaction: a worker's commit or an inline append.</summary>
internal static class SqliteDocuments
{
    private const string LiveStatus = "1";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The stored documents among <paramref name="keys"/> of one generation.</summary>
    public static async Task<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<DocumentKey, ReadOnlyMemory<byte>>(keys.Count);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT data FROM whizbang_projection_documents
            WHERE projection = $projection AND generation = $generation AND tenant_id = $tenant AND id = $id;
            """;
        command.Parameters.AddWithValue("$projection", projection);
        command.Parameters.AddWithValue("$generation", generation);
        var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var key in keys)
        {
            (tenant.Value, id.Value) = (key.Tenant, key.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found[key] = reader.GetFieldValue<byte[]>(0);
            }
        }

        return found;
    }

    /// <summary>Upserts or deletes documents of one generation (the writes were checked, and reduced to one per key).</summary>
    public static async Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string projection, int generation, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO whizbang_projection_documents (projection, generation, tenant_id, id, data)
            VALUES ($projection, $generation, $tenant, $id, $data)
            ON CONFLICT (projection, generation, tenant_id, id) DO UPDATE SET data = excluded.data;
            """;
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM whizbang_projection_documents WHERE projection = $projection AND generation = $generation AND tenant_id = $tenant AND id = $id;
            """;
        foreach (var command in new[] { upsert, delete })
        {
            command.Parameters.AddWithValue("$projection", projection);
            command.Parameters.AddWithValue("$generation", generation);
            command.Parameters.Add("$tenant", SqliteType.Text);
            command.Parameters.Add("$id", SqliteType.Text);
        }

        var data = upsert.Parameters.Add("$data", SqliteType.Text);
        foreach (var write in writes)
        {
            var command = write.Data is null ? delete : upsert;
            command.Parameters["$tenant"].Value = write.Key.Tenant;
            command.Parameters["$id"].Value = write.Key.Id;
            if (write.Data is { } json)
            {
                // JSON functions read text; the bytes were checked to be UTF-8 JSON already.
                data.Value = StrictUtf8.GetString(json.Span);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The live generation of each of <paramref name="projections"/> that has one.</summary>
    public static async Task<Dictionary<string, int>> LiveGenerationsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> projections, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT projection, generation FROM whizbang_projection_generations
            WHERE status = {LiveStatus} AND projection IN (SELECT value FROM json_each($projections));
            """;
        command.Parameters.AddWithValue("$projections", JsonArray(projections));
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            live[reader.GetString(0)] = reader.GetInt32(1);
        }

        return live;
    }

    /// <summary>True when an event named one of <paramref name="eventNames"/> is stored after <paramref name="position"/>.</summary>
    public static async Task<bool> HasEventsAfterAsync(
        SqliteConnection connection, SqliteTransaction transaction, long position, IReadOnlyList<string> eventNames, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM whizbang_events WHERE position > $after AND event_name IN (SELECT value FROM json_each($names)));
            """;
        command.Parameters.AddWithValue("$after", position);
        command.Parameters.AddWithValue("$names", JsonArray(eventNames));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != 0;
    }

    /// <summary>A JSON array of strings, for <c>json_each</c>: one parameter for a list of any length.</summary>
    private static string JsonArray(IReadOnlyList<string> values)
        => "[" + string.Join(",", values.Select(v => $"\"{JsonEncodedText.Encode(v).Value}\"")) + "]";
}
