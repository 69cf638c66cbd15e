using Whizbang.EventSourcing;
using Whizbang.Postgres;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// The whole event store contract again, connected as a role that row-level security applies to (and required to be
/// one): every statement the driver runs must carry the tenant settings, or it would see or write nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreUnderRowLevelSecurityConformance(PostgresServer server, PostgresAppRole role)
    : EventStoreConformance, IClassFixture<PostgresAppRole>, IAsyncLifetime
{
    private PostgresEventStore? _store;

    protected override IEventStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        var dataSource = await role.ConnectAsync(server, "rls_events");
        var schema = role.Schema;
        _store = new PostgresEventStore(dataSource, new PostgresEventStoreOptions { Schema = schema, RequireRowLevelSecurity = true });
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
