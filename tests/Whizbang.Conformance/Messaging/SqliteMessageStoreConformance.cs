using Microsoft.Data.Sqlite;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Sqlite;

namespace Whizbang.Conformance.Messaging;

/// <summary>The contract on a SQLite file of each test's own (the event store's file), deleted afterwards.</summary>
public sealed class SqliteMessageStoreConformance : MessageStoreConformance
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whizbang-messages-{Guid.NewGuid():N}.db");

    protected override Task<(IMessageStore Messages, IEventStore Events)> CreateStoresAsync()
        => Task.FromResult<(IMessageStore, IEventStore)>((new SqliteMessageStore($"Data Source={_path}", Clock), new SqliteEventStore($"Data Source={_path}", Clock)));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task TwoStoresOnOneFile_ClaimAtOnce_WithoutLeasingAMessageTwice()
    {
        var other = new SqliteMessageStore($"Data Source={_path}", Clock);
        await Store.WriteAsync(new MessageWrites(null, [.. Enumerable.Range(0, 40).Select(i => Message("key-" + i))]));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? Store : other).ClaimAsync("relay-" + i, 5, Lease))));

        // Claims run one at a time, so each finds five messages no other claim leased.
        Assert.All(claims, claim => Assert.Equal(5, claim.Count));
        Assert.Equal(40, claims.SelectMany(c => c).Select(c => c.Message.MessageId).Distinct().Count());
    }
}
