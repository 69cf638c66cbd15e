using Npgsql;
using Whizbang.Conformance.Postgres;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Postgres;
using Whizbang.Tenancy;

namespace Whizbang.Conformance.Messaging;

/// <summary>
/// PostgreSQL keeps tenants apart in the outbox, the inbox and the dead letters as it does in the events: the stores
/// connect as a role that row-level security applies to; each test stores rows of two tenants of its own as system
/// code, then checks what raw SQL and the drivers see and may write under one tenant.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageTenantIsolationTests(PostgresServer server, PostgresAppRole role) : IClassFixture<PostgresAppRole>, IAsyncLifetime
{
    private static readonly string[] MessageTables = ["outbox", "inbox", "dead_letters"];

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMessageStore _messages = null!;
    private PostgresEventStore _events = null!;

    private string TenantA => "a-" + _run;

    private string TenantB => "b-" + _run;

    public async Task InitializeAsync()
    {
        _dataSource = await role.ConnectAsync(server, "message_isolation");
        var options = new PostgresEventStoreOptions { Schema = role.Schema, RequireRowLevelSecurity = true };
        _messages = new PostgresMessageStore(_dataSource, options);
        _events = new PostgresEventStore(_dataSource, options);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RawSql_UnderATenantScope_SeesOnlyThatTenantsMessages_AndOutsideAnyTenantSeesBoth()
    {
        await SeedAsync();

        using (TenantScope.Begin(TenantA))
        {
            await using var tenant = await _dataSource.BeginTenantTransactionAsync();
            foreach (var table in MessageTables)
            {
                Assert.Equal([TenantA], await TenantsInAsync(tenant, table));
            }
        }

        await using var system = await _dataSource.BeginTenantTransactionAsync();
        foreach (var table in MessageTables)
        {
            Assert.Equal([TenantA, TenantB], (await TenantsInAsync(system, table)).Intersect([TenantA, TenantB]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task TheStore_UnderATenantScope_ClaimsCountsAndFindsOnlyThatTenantsRows()
    {
        var (entryA, entryB) = await SeedAsync();

        using (TenantScope.Begin(TenantA))
        {
            var claimed = await _messages.ClaimAsync("relay-" + _run, 100, TimeSpan.FromMinutes(1));
            Assert.Equal([TenantA], claimed.Select(c => c.Message.TenantId).Distinct());
            Assert.True(await _messages.HasProcessedAsync(entryA.Consumer, entryA.MessageId));
            Assert.False(await _messages.HasProcessedAsync(entryB.Consumer, entryB.MessageId));
            Assert.Equal(new OutboxCounts(1, 1, 0, 1, 1), await _messages.CountAsync());
            Assert.Equal([TenantA], (await _messages.GetDeadLettersAsync(100)).Select(l => l.TenantId));
        }

        Assert.True(await _messages.HasProcessedAsync(entryB.Consumer, entryB.MessageId));
    }

    [Fact]
    public async Task WritingAnotherTenantsMessages_UnderATenant_IsRefused_AndWritesNothing()
    {
        await SeedAsync();
        var handled = new InboxEntry("billing", Guid.CreateVersion7(), TenantA, DateTimeOffset.UtcNow);
        var stream = new StreamId(TenantA, "order-" + _run);

        using (TenantScope.Begin(TenantA))
        {
            var error = await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await _messages.WriteAsync(new MessageWrites(handled, [Message(TenantB)])));
            Assert.Equal((TenantA, TenantB), (error.CurrentTenant, error.RequestedTenant));
            Assert.Contains("outbox message", error.Operation, StringComparison.Ordinal);

            var pending = new PendingMessages(handled);
            pending.Add(Message(TenantB));
            PendingMessages.Current = pending;
            try
            {
                await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await _events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]));
            }
            finally
            {
                PendingMessages.Current = null;
            }

            await using var tenant = await _dataSource.BeginTenantTransactionAsync();
            await using var forged = tenant.CreateCommand("""
                INSERT INTO outbox (message_id, destination, partition_key, message_name, tenant_id, payload, envelope, created_at)
                VALUES (gen_random_uuid(), 'orders', 'k', 'Forged', $1, '\x', '\x', now())
                """);
            forged.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TenantB });
            var refused = await Assert.ThrowsAsync<PostgresException>(() => forged.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.False(await _messages.HasProcessedAsync(handled.Consumer, handled.MessageId));
        Assert.Null(await _events.GetStreamVersionAsync(stream));
        await using var system = await _dataSource.BeginTenantTransactionAsync();
        await using var count = system.CreateCommand("SELECT count(*) FROM outbox WHERE tenant_id = $1");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TenantB });
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AConnectionWithoutTheSettings_SeesNoMessages()
    {
        await SeedAsync();

        foreach (var table in MessageTables)
        {
            await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {table}");
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }
    }

    /// <summary>For each tenant: one outbox message, one inbox entry and one dead letter, stored as system code.</summary>
    private async Task<(InboxEntry A, InboxEntry B)> SeedAsync()
    {
        var entries = new List<InboxEntry>();
        foreach (var tenant in (string[])[TenantA, TenantB])
        {
            var entry = new InboxEntry("billing-" + _run, Guid.CreateVersion7(), tenant, DateTimeOffset.UtcNow);
            await _messages.WriteAsync(new MessageWrites(entry, [Message(tenant)]));
            await _messages.AddDeadLetterAsync(new DeadLetter(
                Guid.CreateVersion7(), DeadLetterOrigin.Inbox, "orders", entry.Consumer, "OrderPlaced", tenant, "{}"u8.ToArray(), "{}"u8.ToArray(), "boom", 3, DateTimeOffset.UtcNow));
            entries.Add(entry);
        }

        return (entries[0], entries[1]);
    }

    private static OutboxMessage Message(string tenant)
        => new(Guid.CreateVersion7(), "orders", "order-1", "OrderPlaced", tenant, "{}"u8.ToArray(), "{}"u8.ToArray(), DateTimeOffset.UtcNow);

    private static EventData Event(string name) => new(Guid.CreateVersion7(), name, "{}"u8.ToArray(), "{}"u8.ToArray());

    private static async Task<List<string>> TenantsInAsync(PostgresTenantTransaction transaction, string table)
    {
        await using var command = transaction.CreateCommand($"SELECT DISTINCT tenant_id COLLATE \"C\" FROM {table} ORDER BY 1");
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }
}
