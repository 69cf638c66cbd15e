using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;

namespace Whizbang.Sqlite;

/// <summary>One prepared insert reused for every event of an append transaction, and the stream version upsert after it.</summary>
internal sealed class EventInsert : IAsyncDisposable
{
    private const int SqliteConstraint = 19;

    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _upsert;
    private readonly DateTimeOffset _timestamp;
    private readonly List<RecordedEvent>? _recorded;

    /// <param name="connection">The append's connection.</param>
    /// <param name="transaction">The append's transaction.</param>
    /// <param name="timestamp">The time every event is stored with.</param>
    /// <param name="recorded">Where to add each event as recorded (for inline projections), or null.</param>
    public EventInsert(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset timestamp, List<RecordedEvent>? recorded = null)
    {
        _timestamp = new DateTimeOffset(timestamp.UtcTicks, TimeSpan.Zero);
        _recorded = recorded;
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO whizbang_events (tenant_id, stream_id, version, event_id, event_name, data, metadata, timestamp)
            VALUES ($tenant, $stream, $version, $eventId, $name, $data, $metadata, $timestamp)
            RETURNING position;
            """;
        foreach (var (name, type) in new[] { ("$tenant", SqliteType.Text), ("$stream", SqliteType.Text), ("$version", SqliteType.Integer), ("$eventId", SqliteType.Blob), ("$name", SqliteType.Text), ("$data", SqliteType.Blob), ("$metadata", SqliteType.Blob) })
        {
            _insert.Parameters.Add(name, type);
        }

        _insert.Parameters.AddWithValue("$timestamp", timestamp.UtcTicks);

        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = """
            INSERT INTO whizbang_streams (tenant_id, stream_id, version) VALUES ($tenant, $stream, $version)
            ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = excluded.version;
            """;
        _upsert.Parameters.Add("$tenant", SqliteType.Text);
        _upsert.Parameters.Add("$stream", SqliteType.Text);
        _upsert.Parameters.Add("$version", SqliteType.Integer);
    }

    /// <summary>Inserts <paramref name="events"/> after version <paramref name="current"/> and records the stream's new version.</summary>
    public async Task<AppendResult> ExecuteAsync(StreamId stream, long current, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        _insert.Parameters["$tenant"].Value = _upsert.Parameters["$tenant"].Value = stream.Tenant;
        _insert.Parameters["$stream"].Value = _upsert.Parameters["$stream"].Value = stream.Id;
        long lastPosition = 0;
        try
        {
            foreach (var e in events)
            {
                var data = e.Data.ToArray();
                var metadata = e.Metadata.ToArray();
                _insert.Parameters["$version"].Value = ++current;
                _insert.Parameters["$eventId"].Value = e.EventId.ToByteArray();
                _insert.Parameters["$name"].Value = e.EventName;
                _insert.Parameters["$data"].Value = data;
                _insert.Parameters["$metadata"].Value = metadata;
                lastPosition = (long)(await _insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                _recorded?.Add(new RecordedEvent(stream, current, new GlobalPosition(0, lastPosition), e.EventId, e.EventName, data, metadata, _timestamp));
            }
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraint && error.Message.Contains("event_id", StringComparison.Ordinal))
        {
            throw new ArgumentException($"An event of the batch for stream '{stream}' reuses an event id already stored; nothing was appended.", nameof(events), error);
        }

        _upsert.Parameters["$version"].Value = current;
        await _upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new AppendResult(current, new GlobalPosition(0, lastPosition));
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _upsert.DisposeAsync().ConfigureAwait(false);
    }
}
