using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Whizbang.Postgres;

/// <summary>
/// The projection storage's statements for one schema, built once (query variants once per filter shape).
/// Parameters are positional ($1, $2, ...): Npgsql then sends the text as is, without parsing it for named parameters.
/// </summary>
internal sealed class PostgresProjectionSql
{
    private const string GenerationColumns =
        "projection, generation, status, checkpoint_transaction, checkpoint_sequence, state, error, lease_owner, lease_expires, updated_at";

    private readonly string _query;
    private readonly ConcurrentDictionary<(int Values, int Nulls), string> _queries = new();

    public PostgresProjectionSql(string schema)
    {
        var s = PostgresIdentifier.Quote(schema);
        var generations = $"{s}.projection_generations";
        var documents = $"{s}.projection_documents";
        var failures = $"{s}.projection_failures";
        const string Live = "1";
        const string Retired = "2";
        const string Building = "0";

        // $1 projection, $2 and $3 the start's transaction and sequence, $4 the status (live, or building for an inline
        // projection). Creates generation 1 unless any generation exists (generation 1 stays, retired, after a
        // rebuild); a racing register waits for the winner, then skips.
        Register = $"""
            INSERT INTO {generations} (projection, generation, status, checkpoint_transaction, checkpoint_sequence)
            VALUES ($1, 1, $4, $2, $3)
            ON CONFLICT DO NOTHING
            """;
        Generations = $"SELECT {GenerationColumns} FROM {generations} WHERE projection = $1 AND status <> {Retired} ORDER BY generation";
        AllGenerations = $"SELECT {GenerationColumns} FROM {generations} WHERE status <> {Retired} ORDER BY projection, generation";

        // $1 projection, $2 and $3 the start. Inserts nothing when the projection is missing or already rebuilding; a
        // racing rebuild fails on the primary key or the one-building index.
        StartRebuild = $"""
            INSERT INTO {generations} (projection, generation, status, checkpoint_transaction, checkpoint_sequence)
            SELECT $1, max(generation) + 1, {Building}, $2, $3 FROM {generations} WHERE projection = $1
            HAVING count(*) > 0 AND count(*) FILTER (WHERE status = {Building}) = 0
            RETURNING {GenerationColumns}
            """;

        // $1 projection, $2 generation, $3 owner, $4 the lease's duration.
        AcquireLease = $"""
            UPDATE {generations} SET lease_owner = $3, lease_expires = clock_timestamp() + $4
            WHERE projection = $1 AND generation = $2 AND status <> {Retired}
              AND (lease_owner IS NULL OR lease_owner = $3 OR lease_expires <= clock_timestamp())
            """;
        ReleaseLease = $"UPDATE {generations} SET lease_owner = NULL, lease_expires = NULL WHERE projection = $1 AND generation = $2 AND lease_owner = $3";

        // The inline gate, a transaction-scoped advisory lock per projection ($1), keyed by schema and projection:
        // inline appends hold it shared from their first statement to their commit, and an inline projection's
        // activation takes it exclusively, so no append is in flight while the activation looks for events it has not
        // read, and every append after it sees the new live generation. (The schema lock of the migrations is keyed
        // 'whizbang.schema:' and so never collides.) The schema is a plain lowercase identifier: safe in a literal.
        var projectionLock = $"hashtextextended('whizbang.projection:{schema}.' || $1, 0)";
        LockInlineShared = $"SELECT pg_advisory_xact_lock_shared({projectionLock})";
        LockInlineExclusive = $"SELECT pg_advisory_xact_lock({projectionLock})";

        // $1 projections, read by an inline append after it holds their gates: their live generations cannot change
        // before it commits.
        LiveGenerations = $"SELECT projection, generation FROM {generations} WHERE projection = ANY($1) AND status = {Live}";

        // $1 and $2 the transaction and sequence the activating batch read up to, $3 the names of the events the
        // projection applies. Run under the exclusive gate, as a statement of its own: in READ COMMITTED its snapshot
        // holds every inline append that committed before the gate was granted. events_by_name serves it.
        InlineEventsAfter = $"SELECT EXISTS (SELECT FROM {s}.events WHERE event_name = ANY($3) AND (transaction_id, sequence) > ($1, $2))";

        // $1 projection, $2 generation, $3 tenants, $4 ids.
        // One primary-key lookup per key, whatever the statistics say: a join let the planner hash a whole generation
        // when its statistics were stale (a generation being built looks empty), which made every batch scan it.
        const string LoadTemplate = """
            SELECT tenant_id, id, data FROM (
                SELECT k.tenant_id, k.id,
                       (SELECT d.data FROM {0} d
                        WHERE d.projection = $1 AND d.generation = $2 AND d.tenant_id = k.tenant_id AND d.id = k.id{1}) AS data
                FROM unnest($3::text[], $4::text[]) AS k(tenant_id, id)
            ) found
            WHERE data IS NOT NULL
            """;
        Load = string.Format(CultureInfo.InvariantCulture, LoadTemplate, documents, string.Empty);

        // The same for an inline append, which writes back what it read while other appends may update the same
        // documents: it locks the rows it finds (in the order of the keys; the caller sorts them) until it commits,
        // and a row another append holds is read once that append commits, as that append left it. Row locks live in
        // the rows, not in the server's lock table, so an append may load any number of documents.
        LoadForUpdate = string.Format(CultureInfo.InvariantCulture, LoadTemplate, documents, " FOR NO KEY UPDATE");

        // The fence, first in a commit's batch: $1 projection, $2 generation, $3 owner, $4 and $5 the checkpoint the
        // batch started from, $6 and $7 the new one, $8 the state (0, running, keeps the stored state so that an
        // operator's pause during the batch holds), $9 the error. It moves the checkpoint and locks the row; when it
        // does not hold, the function fails the statement and the batch's implicit transaction with it.
        Fence = $"""
            WITH fenced AS (
                UPDATE {generations}
                SET checkpoint_transaction = $6, checkpoint_sequence = $7,
                    state = CASE WHEN $8 = 0 THEN state ELSE $8 END,
                    error = CASE WHEN $8 = 0 THEN error ELSE $9 END,
                    updated_at = clock_timestamp()
                WHERE projection = $1 AND generation = $2 AND status <> {Retired}
                  AND lease_owner = $3 AND lease_expires > clock_timestamp()
                  AND checkpoint_transaction = $4 AND checkpoint_sequence = $5
                RETURNING status
            )
            SELECT coalesce((SELECT status FROM fenced), {s}.raise_projection_fenced($1, $2))
            """;

        // $1 projection, $2 generation, $3 tenants, $4 ids, $5 documents: one row per key (the driver keeps the last
        // write to each), so ON CONFLICT never meets a key twice.
        Insert = $"""
            INSERT INTO {documents} (projection, generation, tenant_id, id, data)
            SELECT $1, $2, w.tenant_id, w.id, w.data FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS w(tenant_id, id, data)
            """;
        Upsert = Insert + "\nON CONFLICT (projection, generation, tenant_id, id) DO UPDATE SET data = excluded.data";
        Delete = $"""
            DELETE FROM {documents} d USING unnest($3::text[], $4::text[]) AS w(tenant_id, id)
            WHERE d.projection = $1 AND d.generation = $2 AND d.tenant_id = w.tenant_id AND d.id = w.id
            """;

        // $1 projection, $2 generation, then one array per column, in the commit's order.
        InsertFailures = $"""
            INSERT INTO {failures} (projection, generation, position_transaction, position_sequence, tenant_id, stream_id, version, event_id, event_name, error, skipped, failed_at)
            SELECT $1, $2, f.position_transaction, f.position_sequence, f.tenant_id, f.stream_id, f.version, f.event_id, f.event_name, f.error, f.skipped, f.failed_at
            FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::uuid[], $9::text[], $10::text[], $11::boolean[], $12::timestamptz[])
                WITH ORDINALITY AS f(position_transaction, position_sequence, tenant_id, stream_id, version, event_id, event_name, error, skipped, failed_at, ordinality)
            ORDER BY f.ordinality
            """;

        // Activation, after the fence: $1 projection, $2 the building generation. The live generation is retired (and
        // its documents deleted) before the building one goes live, as the one-live index checks row by row.
        Retire = $"""
            WITH retired AS (
                UPDATE {generations} SET status = {Retired}, lease_owner = NULL, lease_expires = NULL, updated_at = clock_timestamp()
                WHERE projection = $1 AND status = {Live} AND generation <> $2
                  AND EXISTS (SELECT FROM {generations} WHERE projection = $1 AND generation = $2 AND status = {Building})
                RETURNING generation
            )
            DELETE FROM {documents} WHERE projection = $1 AND generation IN (SELECT generation FROM retired)
            """;
        Activate = $"UPDATE {generations} SET status = {Live} WHERE projection = $1 AND generation = $2 AND status = {Building}";

        // $1 projection, $2 generation, $3 state.
        SetState = $"""
            UPDATE {generations} SET state = $3, error = CASE WHEN $3 = 0 THEN NULL ELSE error END, updated_at = clock_timestamp()
            WHERE projection = $1 AND generation = $2 AND status <> {Retired}
            """;

        // $1 projection, $2 the most to return.
        Failures = $"""
            SELECT projection, generation, position_transaction, position_sequence, tenant_id, stream_id, version, event_id, event_name, error, skipped, failed_at
            FROM {failures} WHERE projection = $1 ORDER BY failure_id DESC LIMIT $2
            """;

        // $1 projection, $2 tenant, $3 id.
        Find = $"""
            SELECT d.data FROM {generations} g
            JOIN {documents} d ON d.projection = g.projection AND d.generation = g.generation
            WHERE g.projection = $1 AND g.status = {Live} AND d.tenant_id = $2 AND d.id = $3
            """;

        // $1 projection, $2 tenant, $3 the id to page after ('' for the first page), $4 the page size; then the filters.
        _query = $"""
            SELECT d.id, d.data FROM {documents} d
            WHERE d.projection = $1 AND d.generation = (SELECT generation FROM {generations} WHERE projection = $1 AND status = {Live})
              AND d.tenant_id = $2 AND d.id > $3
            """;
    }

    public string Register { get; }

    public string Generations { get; }

    public string AllGenerations { get; }

    public string StartRebuild { get; }

    public string AcquireLease { get; }

    public string ReleaseLease { get; }

    public string LockInlineShared { get; }

    public string LockInlineExclusive { get; }

    public string LiveGenerations { get; }

    public string InlineEventsAfter { get; }

    public string Load { get; }

    /// <summary><see cref="Load"/>, locking the rows found.</summary>
    public string LoadForUpdate { get; }

    public string Fence { get; }

    /// <summary>
    /// Inserts documents an inline append found missing: a unique violation on <c>projection_documents_pkey</c> means
    /// another append created one meanwhile, and its document must not be overwritten.
    /// </summary>
    public string Insert { get; }

    public string Upsert { get; }

    public string Delete { get; }

    public string InsertFailures { get; }

    public string Retire { get; }

    public string Activate { get; }

    public string SetState { get; }

    public string Failures { get; }

    public string Find { get; }

    /// <summary>
    /// A page of the live generation's documents: $1 to $4 as in the base query, then a property name and a jsonb value
    /// for each of <paramref name="values"/> filters (containment, which the GIN index serves), then a property name for
    /// each of <paramref name="nulls"/> filters (the property is JSON null or missing).
    /// </summary>
    public string Query(int values, int nulls) => _queries.GetOrAdd((values, nulls), BuildQuery);

    private string BuildQuery((int Values, int Nulls) shape)
    {
        var sql = new StringBuilder(_query);
        var parameter = 5;
        for (var i = 0; i < shape.Values; i++, parameter += 2)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND d.data @> jsonb_build_object(${parameter}::text, ${parameter + 1}::jsonb)");
        }

        for (var i = 0; i < shape.Nulls; i++, parameter++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND (d.data -> ${parameter}::text IS NULL OR d.data -> ${parameter}::text = 'null'::jsonb)");
        }

        return sql.Append("\nORDER BY d.id COLLATE \"C\"\nLIMIT $4").ToString();
    }
}
