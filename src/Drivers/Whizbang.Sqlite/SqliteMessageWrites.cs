using Microsoft.Data.Sqlite;
using Whizbang.Outbox;

namespace Whizbang.Sqlite;

/// <summary>
/// Writes checked <see cref="MessageWrites"/> inside a caller's write transaction: a message store's own, or an event
/// store's append, so that a handler's events, its messages and its inbox entry commit together. A failure throws
/// before the caller commits, and the caller's transaction then rolls back everything, events included.
/// </summary>
internal static class SqliteMessageWrites
{
    private const int SqliteConstraint = 19;

    /// <exception cref="DuplicateMessageException">The inbox already holds the entry's message for its consumer.</exception>
    /// <exception cref="ArgumentException">An outbox message id is stored already.</exception>
    public static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, MessageWrites writes, CancellationToken cancellationToken)
    {
        if (writes.Inbox is { } inbox)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO whizbang_inbox (consumer, message_id, tenant_id, processed_at) VALUES ($consumer, $id, $tenant, $processedAt)
                ON CONFLICT DO NOTHING;
                """;
            insert.Parameters.AddWithValue("$consumer", inbox.Consumer);
            insert.Parameters.AddWithValue("$id", inbox.MessageId.ToByteArray());
            insert.Parameters.AddWithValue("$tenant", inbox.TenantId);
            insert.Parameters.AddWithValue("$processedAt", inbox.ProcessedAt.UtcTicks);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new DuplicateMessageException(inbox.Consumer, inbox.MessageId);
            }
        }

        if (writes.Outbox.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO whizbang_outbox (message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at)
            VALUES ($id, $destination, $key, $name, $tenant, $payload, $envelope, $createdAt);
            """;
        var id = command.Parameters.Add("$id", SqliteType.Blob);
        var destination = command.Parameters.Add("$destination", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
        var payload = command.Parameters.Add("$payload", SqliteType.Blob);
        var envelope = command.Parameters.Add("$envelope", SqliteType.Blob);
        var createdAt = command.Parameters.Add("$createdAt", SqliteType.Integer);
        foreach (var message in writes.Outbox)
        {
            id.Value = message.MessageId.ToByteArray();
            (destination.Value, key.Value, name.Value, tenant.Value) = (message.Destination, message.PartitionKey, message.MessageName, message.TenantId);
            (payload.Value, envelope.Value) = (message.Payload.ToArray(), message.Envelope.ToArray());
            createdAt.Value = message.CreatedAt.UtcTicks;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraint && error.Message.Contains("message_id", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Outbox message {message.MessageId} is stored already; nothing was written.", nameof(writes), error);
            }
        }
    }
}
