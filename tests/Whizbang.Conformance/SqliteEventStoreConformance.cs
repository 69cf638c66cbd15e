using Whizbang.EventSourcing;
using Whizbang.Sqlite;

namespace Whizbang.Conformance;

/// <summary>The contract on a SQLite file of its own, deleted afterwards.</summary>
public sealed class SqliteEventStoreConformance : EventStoreConformance, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whizbang-conformance-{Guid.NewGuid():N}.db");

    public SqliteEventStoreConformance() => Store = new SqliteEventStore($"Data Source={_path}");

    protected override IEventStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TwoStoresOnOneFile_AppendConcurrently_WithoutLosingAnEvent()
    {
        var other = new SqliteEventStore($"Data Source={_path}");
        var stream = NewStream();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).AppendAsync(stream, ExpectedVersion.Any, [Event("E" + i)]).AsTask()));

        var read = await ReadStream(stream);
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), read.Select(e => e.Version));
        Assert.Equal(20, read.Select(e => e.EventName).Distinct().Count());
    }

    [Fact]
    public async Task ASchemaThatCouldNotBeCreated_IsCreatedOnTheNextCall()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"whizbang-conformance-{Guid.NewGuid():N}");
        var store = new SqliteEventStore($"Data Source={Path.Combine(directory, "events.db")}");
        var stream = NewStream();
        try
        {
            // The directory does not exist yet, so opening the file fails; the failure must not stick to the store.
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(async () => await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("E")]));
            Directory.CreateDirectory(directory);

            await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event("E")]);

            Assert.Equal(1, Assert.Single(await store.ReadStreamAsync(stream).ToListAsync()).Version);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
