using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// The floor: what a hand-written store costs. One table with Whizbang's columns, one multi-row INSERT from arrays
/// per transaction, no version check and no stream table; reads select the payloads and deserialize them. Each event
/// carries the same metadata as Whizbang's (the causing command's envelope), so both store the same bytes.
/// </summary>
internal sealed class NpgsqlContender : IContender
{
    private const string Insert = """
        INSERT INTO raw.events (stream_id, version, event_id, event_name, data, metadata)
        SELECT * FROM unnest(@streams, @versions, @ids, @names, @data, @metadata)
        """;

    private NpgsqlDataSource _dataSource = null!;
    private string _metadata = null!;

    public async Task SetUpAsync(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _metadata = $$"""{"messageId":"{{Guid.CreateVersion7()}}","messageName":"Deposit","correlationId":"{{Guid.CreateVersion7()}}","timestamp":"{{DateTimeOffset.UtcNow:O}}"}""";
        await using var command = _dataSource.CreateCommand("""
            CREATE SCHEMA IF NOT EXISTS raw;
            CREATE TABLE IF NOT EXISTS raw.events (
                sequence   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                stream_id  text        NOT NULL,
                version    bigint      NOT NULL,
                event_id   uuid        NOT NULL UNIQUE,
                event_name text        NOT NULL,
                data       jsonb       NOT NULL,
                metadata   jsonb       NOT NULL,
                timestamp  timestamptz NOT NULL DEFAULT now(),
                UNIQUE (stream_id, version));
            """);
        await command.ExecuteNonQueryAsync();
    }

    public Task AppendStreamAsync(string streamId, Deposited[] events) => AppendStreamsAsync([streamId], events);

    public async Task AppendStreamsAsync(IReadOnlyList<string> streamIds, Deposited[] events)
    {
        var count = streamIds.Count * events.Length;
        var streams = new string[count];
        var versions = new long[count];
        var ids = new Guid[count];
        var names = new string[count];
        var data = new string[count];
        var metadata = new string[count];
        var row = 0;
        foreach (var streamId in streamIds)
        {
            for (var i = 0; i < events.Length; i++, row++)
            {
                streams[row] = streamId;
                versions[row] = i + 1;
                ids[row] = Guid.CreateVersion7();
                names[row] = "Deposited";
                data[row] = JsonSerializer.Serialize(events[i], BenchmarkJson.Default.Deposited);
                metadata[row] = _metadata;
            }
        }

        await using var command = _dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<string[]>("streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = streams });
        command.Parameters.Add(new NpgsqlParameter<long[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = versions });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = names });
        command.Parameters.Add(new NpgsqlParameter<string[]>("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = data });
        command.Parameters.Add(new NpgsqlParameter<string[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = metadata });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<decimal> LoadStreamAsync(string streamId)
    {
        await using var command = _dataSource.CreateCommand("SELECT data FROM raw.events WHERE stream_id = @stream ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<string>("stream", streamId));
        await using var reader = await command.ExecuteReaderAsync();
        var total = 0m;
        while (await reader.ReadAsync())
        {
            total += JsonSerializer.Deserialize(reader.GetString(0), BenchmarkJson.Default.Deposited)!.Amount;
        }

        return total;
    }

    // The floor has no aggregate API: rehydrating is loading the stream and folding it.
    public Task<decimal> RehydrateAsync(string streamId) => LoadStreamAsync(streamId);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
