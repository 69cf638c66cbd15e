using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;
using Whizbang.Postgres;
using Whizbang.Projections.Storage;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Sqlite;

namespace Whizbang.Runtime.Tests.Projections;

// Leases run on real time in every driver (the manual clock only stamps events): expiry must really happen.
public sealed class InMemoryProjectionEngineTests : ProjectionEngineTests
{
    protected override Task<(IEventStore Store, IProjectionStorage Storage)> CreateStoresAsync(TimeProvider clock)
    {
        var store = new InMemoryEventStore(clock);
        return Task.FromResult<(IEventStore, IProjectionStorage)>((store, new InMemoryProjectionStorage(events: store)));
    }
}

public sealed class SqliteProjectionEngineTests : ProjectionEngineTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whizbang-projections-{Guid.NewGuid():N}.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    protected override Task<(IEventStore Store, IProjectionStorage Storage)> CreateStoresAsync(TimeProvider clock)
    {
        var connectionString = $"Data Source={_path}";
        return Task.FromResult<(IEventStore, IProjectionStorage)>((new SqliteEventStore(connectionString, clock), new SqliteProjectionStorage(connectionString)));
    }
}

public sealed class PostgresProjectionEngineTests(PostgresDatabase postgres) : ProjectionEngineTests, IClassFixture<PostgresDatabase>
{
    protected override async Task<(IEventStore Store, IProjectionStorage Storage)> CreateStoresAsync(TimeProvider clock)
    {
        var dataSource = await postgres.DataSourceAsync();
        var options = new PostgresEventStoreOptions { Schema = postgres.NewSchema() };
        return (new PostgresEventStore(dataSource, options, clock), new PostgresProjectionStorage(dataSource, options));
    }
}
