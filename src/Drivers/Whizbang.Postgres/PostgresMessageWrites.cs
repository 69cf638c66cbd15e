using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;
using Whizbang.Outbox;
using Whizbang.Tenancy;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// Writes checked <see cref="MessageWrites"/> as statements added to a caller's batch: a message store's own, or an
/// event store's append, so that a handler's events, its messages and its inbox entry commit together without a round
/// trip of their own. A duplicate fails its statement, and with it the batch's whole transaction; the caller turns the
/// failure into the contract's exception with <see cref="TranslateAsync"/>.
/// </summary>
internal static class PostgresMessageWrites
{
    /// <summary>Adds the inbox insert (when there is an entry) and one insert of every outbox message to <paramref name="batch"/>.</summary>
    public static void AddCommands(NpgsqlBatch batch, PostgresMessageSql sql, MessageWrites writes)
    {
        if (writes.Inbox is { } inbox)
        {
            batch.Add(sql.InsertInbox, Text(inbox.Consumer), Uuid(inbox.MessageId), Text(inbox.TenantId), TimestampTz(inbox.ProcessedAt));
        }

        var outbox = writes.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        var ids = new Guid[outbox.Count];
        var destinations = new string[outbox.Count];
        var keys = new string[outbox.Count];
        var names = new string[outbox.Count];
        var tenants = new string[outbox.Count];
        var payloads = new byte[outbox.Count][];
        var envelopes = new byte[outbox.Count][];
        var created = new DateTimeOffset[outbox.Count];
        for (var i = 0; i < outbox.Count; i++)
        {
            var m = outbox[i];
            (ids[i], destinations[i], keys[i], names[i], tenants[i]) = (m.MessageId, m.Destination, m.PartitionKey, m.MessageName, m.TenantId);
            (payloads[i], envelopes[i]) = (Bytes(m.Payload), Bytes(m.Envelope));
            created[i] = new DateTimeOffset(m.CreatedAt.UtcTicks, TimeSpan.Zero);
        }

        batch.Add(
            sql.InsertOutbox,
            new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            TextArray(destinations),
            TextArray(keys),
            TextArray(names),
            TextArray(tenants),
            new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            new NpgsqlParameter<byte[][]> { TypedValue = envelopes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            new NpgsqlParameter<DateTimeOffset[]> { TypedValue = created, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
    }

    /// <summary>True when <paramref name="error"/> is about the messages: a duplicate, or a row of another tenant than the one the transaction is confined to.</summary>
    public static bool IsMessageFault(PostgresException error, MessageWrites writes, string? isolatedTenant)
        => (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName is PostgresMessageSql.InboxKey or PostgresMessageSql.OutboxMessageIdKey)
            || ForeignWrite(error, writes, isolatedTenant) is not null;

    /// <summary>The contract's exception for a failure <see cref="IsMessageFault"/> recognised; nothing was written.</summary>
    public static async Task<Exception> TranslateAsync(
        PostgresException error, MessageWrites writes, string? isolatedTenant, NpgsqlDataSource dataSource, PostgresMessageSql sql, bool prepareStatements, CancellationToken cancellationToken)
    {
        if (error.ConstraintName == PostgresMessageSql.InboxKey && writes.Inbox is { } inbox)
        {
            return new DuplicateMessageException(inbox.Consumer, inbox.MessageId);
        }

        if (error.ConstraintName == PostgresMessageSql.OutboxMessageIdKey)
        {
            return await ReusedIdAsync(error, writes, dataSource, sql, prepareStatements, cancellationToken).ConfigureAwait(false);
        }

        var (tenant, operation) = ForeignWrite(error, writes, isolatedTenant)!.Value;
        return new CrossTenantAccessException(isolatedTenant!, tenant, operation, error);
    }

    /// <summary>The first row of another tenant when row-level security refused the write (see <see cref="PostgresTenantSettings.IsCrossTenantRefusal"/>).</summary>
    private static (string Tenant, string Operation)? ForeignWrite(PostgresException error, MessageWrites writes, string? isolatedTenant)
    {
        if (writes.Inbox is { } inbox && PostgresTenantSettings.IsCrossTenantRefusal(error, isolatedTenant, inbox.TenantId))
        {
            return (inbox.TenantId, $"record message {inbox.MessageId} as handled by '{inbox.Consumer}'");
        }

        foreach (var message in writes.Outbox)
        {
            if (PostgresTenantSettings.IsCrossTenantRefusal(error, isolatedTenant, message.TenantId))
            {
                return (message.TenantId, $"write outbox message {message.MessageId}");
            }
        }

        return null;
    }

    private static async Task<ArgumentException> ReusedIdAsync(
        PostgresException error, MessageWrites writes, NpgsqlDataSource dataSource, PostgresMessageSql sql, bool prepareStatements, CancellationToken cancellationToken)
    {
        // Under row-level security this finds only the tenant's own messages: an id another tenant used looks like one
        // being stored by another transaction, and nothing about that tenant's messages is disclosed.
        var stored = new HashSet<Guid>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var batch = PostgresTenantSettings.CreateBatch(connection))
        {
            batch.Add(sql.ExistingOutboxIds, new NpgsqlParameter<Guid[]> { TypedValue = [.. writes.Outbox.Select(m => m.MessageId)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            if (prepareStatements)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var reader = await PostgresTenantSettings.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        return writes.Outbox.FirstOrDefault(m => stored.Contains(m.MessageId)) is { } reused
            ? new ArgumentException($"Outbox message {reused.MessageId} is stored already; nothing was written.", nameof(writes), error)
            : new ArgumentException("An outbox message id of the batch is being stored by another transaction; nothing was written.", nameof(writes), error);
    }

    /// <summary>The bytes as an array, without a copy when the memory is a whole array already.</summary>
    private static byte[] Bytes(ReadOnlyMemory<byte> bytes)
        => MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
