using Whizbang.Conformance.Projections;
using Whizbang.Postgres;
using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// The whole projection storage contract again, connected as a role that row-level security applies to (and required
/// to be one): every statement the storage runs must carry the tenant settings, or it would see or write nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProjectionStorageUnderRowLevelSecurityConformance(PostgresServer server, PostgresAppRole role)
    : ProjectionStorageConformance, IClassFixture<PostgresAppRole>, IAsyncLifetime
{
    private PostgresProjectionStorage? _storage;

    protected override IProjectionStorage Storage => _storage ?? throw new InvalidOperationException("The storage is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        var dataSource = await role.ConnectAsync(server, "rls_projections");
        var schema = role.Schema;
        _storage = new PostgresProjectionStorage(dataSource, new PostgresEventStoreOptions { Schema = schema, RequireRowLevelSecurity = true });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // Leases run on the database's clock: once this much time has passed here, it has there.
    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration + TimeSpan.FromMilliseconds(50));
}
