using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Postgres;
using Whizbang.Projections;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>Whizbang's async projection engine on PostgreSQL, configured with its defaults (batches of 500).</summary>
internal sealed class WhizbangProjectionContender : IProjectionContender
{
    private NpgsqlDataSource _dataSource = null!;
    private ServiceProvider _services = null!;

    public async Task SetUpAsync(string connectionString, int accounts, int depositsPerAccount)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _services = new ServiceCollection()
            .AddWhizbang(b => b
                .UseEventSourcing(BenchmarkJson.Default)
                .UsePostgresEventStore(_dataSource, new PostgresEventStoreOptions { Schema = "whizbang_projections" })
                .RunProjectionDaemon(false))
            .BuildServiceProvider();
        var store = _services.GetRequiredService<IEventStore>();
        var serializer = _services.GetRequiredService<EventSerializer>();
        for (var first = 0; first < accounts; first += 100)
        {
            var appends = new List<StreamAppend>();
            for (var account = first; account < Math.Min(first + 100, accounts); account++)
            {
                var events = Enumerable.Range(1, depositsPerAccount)
                    .Select(amount => serializer.Serialize(new Deposited(amount)))
                    .Select(e => new EventData(Guid.CreateVersion7(), e.Name, e.Data, ReadOnlyMemory<byte>.Empty))
                    .ToArray();
                appends.Add(new StreamAppend(new StreamId(StreamId.DefaultTenant, Stream(account)), ExpectedVersion.NoStream, events));
            }

            await store.AppendAsync(appends);
        }

        await _services.GetRequiredService<IProjectionManager>().CatchUpAsync();
    }

    public async Task RebuildAsync()
    {
        var manager = _services.GetRequiredService<IProjectionManager>();
        await manager.RebuildAsync("account-balance");
        await manager.CatchUpAsync();
    }

    public async Task<decimal> BalanceAsync(int account)
        => (await _services.GetRequiredService<IProjectionStore<AccountBalance>>().LoadAsync(Stream(account)))?.Balance ?? -1;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static string Stream(int account) => $"account-{account}";
}

/// <summary>The read model both engines build: one document per account stream.</summary>
public sealed class AccountBalance
{
    public string Id { get; set; } = string.Empty;

    public decimal Balance { get; set; }

    public int Deposits { get; set; }
}

/// <summary>Whizbang's projection: the generator writes its dispatch; documents are keyed by stream id.</summary>
public sealed partial class AccountBalanceProjection : Projection<AccountBalance>
{
    private static AccountBalance Create(Deposited e, EventContext context) => new() { Id = context.Stream.Id, Balance = e.Amount, Deposits = 1 };

    private static void Apply(AccountBalance account, Deposited e)
    {
        account.Balance += e.Amount;
        account.Deposits++;
    }
}
