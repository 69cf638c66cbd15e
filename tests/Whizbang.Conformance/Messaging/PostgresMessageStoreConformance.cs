using Whizbang.Conformance.Postgres;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Postgres;

namespace Whizbang.Conformance.Messaging;

/// <summary>
/// The contract on PostgreSQL, in a schema of each test's own (claims see every message of a schema), dropped
/// afterwards. The store's leases run on the test's clock, as the other drivers' do.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageStoreConformance(PostgresServer server) : MessageStoreConformance
{
    private readonly string _schema = server.NewSchema("messages");

    protected override Task<(IMessageStore Messages, IEventStore Events)> CreateStoresAsync()
    {
        var options = new PostgresEventStoreOptions { Schema = _schema };
        return Task.FromResult<(IMessageStore, IEventStore)>(
            (new PostgresMessageStore(server.DataSource, options, Clock), new PostgresEventStore(server.DataSource, options, Clock)));
    }

    public override Task DisposeAsync() => server.ExecuteAsync($"""DROP SCHEMA IF EXISTS "{_schema}" CASCADE""");

    [Fact]
    public async Task RelaysOnSeparateConnectionPools_ClaimAtOnce_WithoutLeasingAMessageTwice()
    {
        var options = new PostgresEventStoreOptions { Schema = _schema };
        await Store.WriteAsync(new MessageWrites(null, [.. Enumerable.Range(0, 60).Select(i => Message("key-" + i))]));
        var dataSources = Enumerable.Range(0, 6).Select(_ => server.CreateDataSource()).ToList();
        try
        {
            var claims = await Task.WhenAll(dataSources.Select((source, i) =>
                Task.Run(async () => await new PostgresMessageStore(source, options, Clock).ClaimAsync("relay-" + i, 10, Lease))));

            // Claims run one at a time, so each finds ten messages no other claim leased.
            Assert.All(claims, claim => Assert.Equal(10, claim.Count));
            Assert.Equal(60, claims.SelectMany(c => c).Select(c => c.Message.MessageId).Distinct().Count());
        }
        finally
        {
            foreach (var source in dataSources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TextPostgreSqlCannotStore_IsRefusedBeforeTheDatabase_AndNothingIsWritten()
    {
        var handled = Guid.CreateVersion7();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Store.WriteAsync(
            new MessageWrites(new InboxEntry("billing", handled, "tenant-a", Start), [Message("k"), Message("k") with { Destination = "orders\0" }])));

        Assert.Contains("no control characters", error.Message, StringComparison.Ordinal); // MessageWrites.Validate, not a PostgreSQL error
        Assert.False(await Store.HasProcessedAsync("billing", handled));
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await Store.CountAsync());
    }

    [Fact]
    public async Task WithoutPreparedStatements_TheContractHolds()
    {
        var store = new PostgresMessageStore(server.DataSource, new PostgresEventStoreOptions { Schema = _schema, PrepareStatements = false }, Clock);
        var message = Message("k");
        var handled = Guid.CreateVersion7();
        await store.WriteAsync(new MessageWrites(new InboxEntry("billing", handled, message.TenantId, Start), [message]));

        Assert.Equal(message.MessageId, Assert.Single(await store.ClaimAsync("relay", 10, Lease)).Message.MessageId);
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await store.WriteAsync(new MessageWrites(new InboxEntry("billing", handled, message.TenantId, Start), [])));
        await store.MarkSentAsync([message.MessageId]);
        Assert.Equal(new OutboxCounts(0, 0, 1, 0, 1), await store.CountAsync());
    }
}
