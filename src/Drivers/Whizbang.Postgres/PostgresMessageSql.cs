using Whizbang.Outbox;

namespace Whizbang.Postgres;

/// <summary>
/// The message store's statements for one schema, built once, shared by <see cref="PostgresMessageStore"/> and the
/// appends of <see cref="PostgresEventStore"/>. Parameters are positional ($1, $2, ...): Npgsql then sends the text as
/// is, without parsing it for named parameters. Times are parameters from the store's clock, never the database's.
/// </summary>
internal sealed class PostgresMessageSql
{
    public const string InboxKey = "inbox_pkey";
    public const string OutboxMessageIdKey = "outbox_message_id_key";

    private const string OutboxColumns = "sequence, message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at, attempts";
    private const string DeadLetterColumns = "message_id, origin, source, consumer, message_name, tenant_id, payload, envelope, error, attempts, failed_at";

    // A row a claim may take, whatever came before it ($1 owner, $2 now): due, and not leased to another owner under an
    // unexpired lease. A row's lease_expires_at is set whenever its lease_owner is.
    private const string Available = "(lease_owner IS NULL OR lease_owner = $1 OR lease_expires_at <= $2) AND (retry_at IS NULL OR retry_at <= $2)";

    public PostgresMessageSql(string schema)
    {
        var s = PostgresIdentifier.Quote(schema);

        // $1 consumer, $2 message id, $3 tenant, $4 when. A plain insert: a duplicate fails the statement, and with it
        // the whole batch or transaction (23505 on inbox_pkey).
        InsertInbox = $"INSERT INTO {s}.inbox (consumer, message_id, tenant_id, processed_at) VALUES ($1, $2, $3, $4)";

        // Every message as parallel arrays, inserted in their order so that sequence follows it: $1 ids, $2 destinations,
        // $3 partition keys, $4 names, $5 tenants, $6 payloads, $7 envelopes, $8 creation times.
        InsertOutbox = $"""
            INSERT INTO {s}.outbox (message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at)
            SELECT m.message_id, m.destination, m.partition_key, m.message_name, m.tenant_id, m.payload, m.envelope, m.created_at
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::timestamptz[])
                WITH ORDINALITY AS m(message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at, ordinality)
            ORDER BY m.ordinality
            """;
        ExistingOutboxIds = $"SELECT message_id FROM {s}.outbox WHERE message_id = ANY($1)";

        // Claims take this lock first, so one claim at a time reads and leases: two relays never lease one message, and
        // one key's messages never go to two relays. Held to the claim's commit. (The migrations' lock is keyed
        // 'whizbang.schema:', the inline projections' 'whizbang.projection:', so they never collide.) The schema is a
        // plain lowercase identifier: safe in a literal.
        ClaimLock = $"SELECT pg_advisory_xact_lock(hashtextextended('whizbang.outbox:{schema}', 0))";

        // A page of unsent rows in sequence order (outbox_unsent serves it): $1 owner, $2 now, $3 the sequence to read
        // after, $4 the page size. Run after the lock, as a statement of its own: it sees every claim committed before.
        ClaimPage = $"""
            SELECT sequence, destination, partition_key, {Available} FROM {s}.outbox
            WHERE sent_at IS NULL AND sequence > $3 ORDER BY sequence LIMIT $4
            """;

        // $1 owner, $2 now, $3 the lease's end, $4 the sequences chosen. The condition is checked again on the rows'
        // latest versions, so a row sent or retried by its owner meanwhile is left alone.
        Lease = $"""
            UPDATE {s}.outbox SET lease_owner = $1, lease_expires_at = $3
            WHERE sequence = ANY($4) AND sent_at IS NULL AND {Available}
            RETURNING {OutboxColumns}
            """;

        // $1 ids, $2 now.
        MarkSent = $"UPDATE {s}.outbox SET sent_at = $2, lease_owner = NULL WHERE message_id = ANY($1) AND sent_at IS NULL";

        // $1 id, $2 error, $3 when to retry.
        RetryLater = $"""
            UPDATE {s}.outbox SET attempts = attempts + 1, last_error = $2, retry_at = $3, lease_owner = NULL
            WHERE message_id = $1 AND sent_at IS NULL
            """;

        // $1 id, $2 error, $3 now. One statement: the message moves or stays.
        DeadLetter = $"""
            WITH gone AS (DELETE FROM {s}.outbox WHERE message_id = $1 AND sent_at IS NULL RETURNING *)
            INSERT INTO {s}.dead_letters ({DeadLetterColumns})
            SELECT message_id, {(int)DeadLetterOrigin.Outbox}, destination, NULL, message_name, tenant_id, payload, envelope, $2, attempts + 1, $3 FROM gone
            """;

        AddDeadLetter = $"INSERT INTO {s}.dead_letters ({DeadLetterColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        DeadLetters = $"SELECT {DeadLetterColumns} FROM {s}.dead_letters ORDER BY dead_letter_id DESC LIMIT $1";
        HasProcessed = $"SELECT EXISTS (SELECT FROM {s}.inbox WHERE consumer = $1 AND message_id = $2)";

        // $1 the bound: sent rows (outbox_sent) and inbox entries (inbox_by_time) older than it.
        Purge = $"""
            WITH sent AS (DELETE FROM {s}.outbox WHERE sent_at < $1 RETURNING 1),
                 handled AS (DELETE FROM {s}.inbox WHERE processed_at < $1 RETURNING 1)
            SELECT (SELECT count(*) FROM sent) + (SELECT count(*) FROM handled)
            """;

        // $1 now.
        Count = $"""
            SELECT count(*) FILTER (WHERE sent_at IS NULL),
                   count(*) FILTER (WHERE sent_at IS NULL AND lease_owner IS NOT NULL AND lease_expires_at > $1),
                   count(*) FILTER (WHERE sent_at IS NOT NULL),
                   (SELECT count(*) FROM {s}.dead_letters),
                   (SELECT count(*) FROM {s}.inbox)
            FROM {s}.outbox
            """;
    }

    public string InsertInbox { get; }

    public string InsertOutbox { get; }

    public string ExistingOutboxIds { get; }

    public string ClaimLock { get; }

    public string ClaimPage { get; }

    public string Lease { get; }

    public string MarkSent { get; }

    public string RetryLater { get; }

    public string DeadLetter { get; }

    public string AddDeadLetter { get; }

    public string DeadLetters { get; }

    public string HasProcessed { get; }

    public string Purge { get; }

    public string Count { get; }
}
