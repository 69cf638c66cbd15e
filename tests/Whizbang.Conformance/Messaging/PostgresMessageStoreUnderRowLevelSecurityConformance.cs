using Whizbang.Conformance.Postgres;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Postgres;

namespace Whizbang.Conformance.Messaging;

/// <summary>
/// The whole message store contract again, connected as a role that row-level security applies to (and required to be
/// one): every statement the stores run must carry the tenant settings, or it would see or write nothing. Each test
/// works in a schema of its own, owned by the role and dropped afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageStoreUnderRowLevelSecurityConformance(PostgresServer server, PostgresAppRole role)
    : MessageStoreConformance, IClassFixture<PostgresAppRole>
{
    private readonly string _schema = server.NewSchema("rls_messages");

    protected override async Task<(IMessageStore Messages, IEventStore Events)> CreateStoresAsync()
    {
        var dataSource = await role.ConnectAsync(server, "rls_messages_role");
        await server.ExecuteAsync($"""CREATE SCHEMA "{_schema}" AUTHORIZATION "{role.Role}" """);
        var options = new PostgresEventStoreOptions { Schema = _schema, RequireRowLevelSecurity = true };
        return (new PostgresMessageStore(dataSource, options, Clock), new PostgresEventStore(dataSource, options, Clock));
    }

    public override Task DisposeAsync() => server.ExecuteAsync($"""DROP SCHEMA IF EXISTS "{_schema}" CASCADE""");
}
