using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;
using Whizbang.Sqlite;

namespace Whizbang.Conformance.Projections;

/// <summary>The contract on a SQLite file of its own, deleted afterwards; its leases on a clock the tests move.</summary>
public sealed class SqliteProjectionStorageConformance : ProjectionStorageConformance, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whizbang-projections-{Guid.NewGuid():N}.db");
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SqliteProjectionStorageConformance() => Storage = new SqliteProjectionStorage($"Data Source={_path}", _clock);

    protected override IProjectionStorage Storage { get; }

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration + TimeSpan.FromTicks(1));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TwoStoragesOnOneFile_RaceToRegisterAndLease_AndAgree()
    {
        var other = new SqliteProjectionStorage($"Data Source={_path}", _clock);
        var projection = NewProjection();

        var registered = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? Storage : other).RegisterAsync(projection, At(i)))));
        var leased = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? Storage : other).TryAcquireLeaseAsync(projection, 1, "worker-" + i, LongLease))));

        Assert.Single(registered.Select(r => Assert.Single(r).Checkpoint).Distinct());
        Assert.Single(leased, won => won);
        Assert.Equal(await Storage.GetGenerationsAsync(projection), await other.GetGenerationsAsync(projection));
    }

    [Fact]
    public async Task AnEventStoreFileOfSchemaVersion1_GetsTheProjectionTables_AndKeepsItsEvents()
    {
        var store = new SqliteEventStore($"Data Source={_path}");
        var stream = StreamId.ForDefaultTenant("kept");
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.CreateVersion7(), "Kept", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        await using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            // Back to what a version 1 store left behind.
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DROP TABLE whizbang_projection_generations; DROP TABLE whizbang_projection_documents; DROP TABLE whizbang_projection_failures;
                DELETE FROM whizbang_schema_version WHERE version >= 2;
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        var upgraded = new SqliteProjectionStorage($"Data Source={_path}", _clock);
        var projection = NewProjection();

        Assert.Single(await upgraded.RegisterAsync(projection, At(1)));
        Assert.Equal(1, await new SqliteEventStore($"Data Source={_path}").GetStreamVersionAsync(stream));
    }
}
