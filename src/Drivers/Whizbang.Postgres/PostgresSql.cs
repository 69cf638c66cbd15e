using System.Globalization;

namespace Whizbang.Postgres;

/// <summary>
/// The store's statements for one schema, built once. Parameters are positional ($1, $2, ...): Npgsql then sends the
/// text as is, without parsing it for named parameters.
/// </summary>
internal sealed class PostgresSql
{
    private const string EventColumns = "sequence, transaction_id, tenant_id, stream_id, version, event_id, event_name, data, metadata, timestamp";

    private readonly string[] _readAll = new string[4];
    private readonly string[] _countAll = new string[4];

    public PostgresSql(string schema)
    {
        var s = PostgresIdentifier.Quote(schema);

        // Claiming a stream: $1 tenant, $2 stream, $3 the number of events, $4 the part's index in the append (for the
        // conflict report), $5 the expected version (exact claims only).
        // head locks the stream row and moves it to its new version; an empty head means the expected version did not
        // hold, and the conflict function then fails the statement, and so the batch, with the actual version.
        const string Claim = """
            WITH head AS ({0})
            SELECT coalesce((SELECT version FROM head), {1}.raise_version_conflict($1, $2, $4))
            """;
        ClaimNew = string.Format(
            CultureInfo.InvariantCulture,
            Claim,
            $"INSERT INTO {s}.streams (tenant_id, stream_id, version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING version",
            s);
        ClaimExact = string.Format(
            CultureInfo.InvariantCulture,
            Claim,
            $"UPDATE {s}.streams SET version = version + $3 WHERE tenant_id = $1 AND stream_id = $2 AND version = $5 RETURNING version",
            s);
        ClaimAny = string.Format(
            CultureInfo.InvariantCulture,
            Claim,
            $"INSERT INTO {s}.streams AS stream_row (tenant_id, stream_id, version) VALUES ($1, $2, $3) "
            + "ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = stream_row.version + excluded.version RETURNING version",
            s);

        // Claiming many new streams at once (every part expects no stream): $1 tenants, $2 streams, $3 event counts,
        // $4 part indexes. One set-based insert claims them in the same (tenant, stream) order as single claims; the
        // first part whose stream exists already fails the statement with the conflict function.
        ClaimNewMany = $"""
            WITH wanted AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::integer[]) AS w(tenant_id, stream_id, version, part)
            ),
            claimed AS (
                INSERT INTO {s}.streams (tenant_id, stream_id, version)
                SELECT tenant_id, stream_id, version FROM wanted ORDER BY tenant_id COLLATE "C", stream_id COLLATE "C"
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, stream_id
            ),
            refused AS (
                SELECT w.tenant_id, w.stream_id, w.part FROM wanted w
                WHERE NOT EXISTS (SELECT FROM claimed c WHERE c.tenant_id = w.tenant_id AND c.stream_id = w.stream_id)
                ORDER BY w.part
                LIMIT 1
            )
            SELECT coalesce((SELECT {s}.raise_version_conflict(tenant_id, stream_id, part) FROM refused), 0)
            """;

        // Every event of the append, as parallel arrays in append order: $1 tenant, $2 stream, $3 the event's version
        // when the append knows it (it expected no stream or an exact version), $4 how far the event is behind its
        // stream's new version, $5 id, $6 name, $7 data, $8 metadata; $9 the timestamp. An append that expected any
        // version learns its stream's new version from the stream row, which its claim, earlier in this transaction,
        // moved and locked. (A join with the stream rows instead made the planner hash the whole streams table.)
        var insert = $"""
            WITH inserted AS (
                INSERT INTO {s}.events (tenant_id, stream_id, version, event_id, event_name, data, metadata, timestamp)
                SELECT e.tenant_id, e.stream_id,
                       coalesce(e.version, (SELECT stream_row.version FROM {s}.streams stream_row
                                            WHERE stream_row.tenant_id = e.tenant_id AND stream_row.stream_id = e.stream_id) - e.behind),
                       e.event_id, e.event_name, e.data, e.metadata, $9
                FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])
                    WITH ORDINALITY AS e(tenant_id, stream_id, version, behind, event_id, event_name, data, metadata, ordinality)
                ORDER BY e.ordinality
                RETURNING tenant_id, stream_id, sequence
            )

            """;

        // A plain append returns each stream's last position; an inline one every event's, for its projections.
        // Sequences are handed out in insertion order, which is the append's order.
        InsertEvents = insert + "SELECT tenant_id, stream_id, max(sequence), pg_current_xact_id() FROM inserted GROUP BY tenant_id, stream_id";
        InsertEventsReturningEach = insert + "SELECT sequence, pg_current_xact_id() FROM inserted ORDER BY sequence";

        ReadStream = $"SELECT {EventColumns} FROM {s}.events WHERE tenant_id = $1 AND stream_id = $2 AND version >= $3 ORDER BY version";
        StreamVersion = $"SELECT version FROM {s}.streams WHERE tenant_id = $1 AND stream_id = $2";
        LockStream = StreamVersion + " FOR UPDATE";
        CountStreams = $"SELECT count(*) FROM {s}.streams WHERE tenant_id = $1";
        DeleteEvents = $"DELETE FROM {s}.events WHERE tenant_id = $1 AND stream_id = $2";
        DeleteStream = $"DELETE FROM {s}.streams WHERE tenant_id = $1 AND stream_id = $2";
        ExistingEventIds = $"SELECT event_id FROM {s}.events WHERE event_id = ANY($1)";

        for (var variant = 0; variant < _readAll.Length; variant++)
        {
            var byName = (variant & 1) != 0;
            var byTime = (variant & 2) != 0;
            _readAll[variant] = $"""
                SELECT {EventColumns} FROM {s}.events
                WHERE {ReadAllFilter(byName, byTime, firstFilterParameter: 4)}
                ORDER BY transaction_id, sequence
                LIMIT $3
                """;
            _countAll[variant] = $"SELECT count(*) FROM {s}.events WHERE {ReadAllFilter(byName, byTime, firstFilterParameter: 3)}";
        }
    }

    public string ClaimNew { get; }

    public string ClaimExact { get; }

    public string ClaimAny { get; }

    public string ClaimNewMany { get; }

    public string InsertEvents { get; }

    /// <summary><see cref="InsertEvents"/> returning every event's sequence and transaction id, in the append's order.</summary>
    public string InsertEventsReturningEach { get; }

    public string ReadStream { get; }

    public string StreamVersion { get; }

    /// <summary>The number of a tenant's streams ($1 tenant).</summary>
    public string CountStreams { get; }

    public string LockStream { get; }

    public string DeleteEvents { get; }

    public string DeleteStream { get; }

    public string ExistingEventIds { get; }

    /// <summary>Read-all: $1 transaction and $2 sequence to read after, $3 the limit, then the names and the timestamp when filtered.</summary>
    public string ReadAll(bool byName, bool byTime) => _readAll[(byName ? 1 : 0) | (byTime ? 2 : 0)];

    /// <summary>Counts what read-all would return: $1 transaction and $2 sequence to read after, then the names and the timestamp when filtered.</summary>
    public string CountAll(bool byName, bool byTime) => _countAll[(byName ? 1 : 0) | (byTime ? 2 : 0)];

    // Gap safety: a transaction that is still running may commit later with lower sequence numbers than rows already
    // visible, so only transactions older than the oldest one still running are returned. Anything committed later
    // gets a transaction id at least that old, so it sorts after what was returned.
    private static string ReadAllFilter(bool byName, bool byTime, int firstFilterParameter)
    {
        var filter = "transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AND (transaction_id, sequence) > ($1, $2)";
        var parameter = firstFilterParameter;
        if (byName)
        {
            filter += $" AND event_name = ANY(${parameter++})";
        }

        if (byTime)
        {
            filter += $" AND timestamp >= ${parameter}";
        }

        return filter;
    }
}
