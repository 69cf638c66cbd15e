using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Postgres;
using Whizbang.Projections.Storage;
using Whizbang.Sqlite;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

/// <summary>The same aggregate code over each store an application can choose in <c>AddWhizbang</c>.</summary>
public sealed class StoreChoiceTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whizbang-aggregates-{Guid.NewGuid():N}.db");

    public static TheoryData<string> Stores => ["in-memory", "sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AggregatesRoundTrip_AndAUnitOfWorkIsAtomic(string store)
    {
        await using var services = await BuildAsync(store);
        await using (var scope = services.CreateAsyncScope())
        {
            var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");
            var customer = scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().Create("c-1");
            order.Place("ada", 12m);
            customer.Register("ada");
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync());
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var stale = scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().Create("c-1"); // expects no stream: conflicts
            stale.Register("eve");
            var order = (await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-1"))!;
            order.Ship();
            await Assert.ThrowsAsync<ConcurrencyException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync().AsTask());
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var order = (await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-1"))!;
            var customer = (await scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().LoadAsync("c-1"))!;
            Assert.Equal(("Placed", 1L), (order.Status, order.Version)); // the conflicting commit wrote nothing
            Assert.Equal(("ada", 1L), (customer.Name, customer.Version));
        }

        var stored = Assert.Single(await services.GetRequiredService<IEventStore>().ReadAsync(StreamId.DefaultTenant, "order-o-1"));
        var envelope = services.GetRequiredService<EventSerializer>().DeserializeEnvelope(stored)!; // survives jsonb's normalisation
        Assert.Equal((stored.EventId, "orders.order-placed", StreamId.DefaultTenant), (envelope.MessageId, envelope.MessageName, envelope.TenantId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RacingSaves_EveryVersionIsWonByExactlyOneWriter_AndLosersWriteNothing(string store)
    {
        const int Writers = 8;
        await using var services = await BuildAsync(store);
        await RepositoryTests.SeedOrderAsync(services, "o-1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            await using var scope = services.CreateAsyncScope();
            var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
            var order = (await orders.LoadAsync("o-1"))!;
            order.AddLine($"sku-{i}", 1);
            await Task.Yield();
            try
            {
                await orders.SaveAsync(order);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        await using var check = services.CreateAsyncScope();
        var final = (await check.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-1"))!;
        Assert.Equal(final.Version - 1, outcomes.Count(won => won));
        Assert.True(outcomes.Count(won => won) >= 1);
        Assert.Equal(final.Version - 1, final.Lines.Count);
    }

    [Fact]
    public async Task UseSqliteEventStore_RegistersOneSqliteStoreAndProjectionStorage_AndTheLastChoiceWins()
    {
        var services = new ServiceCollection().AddWhizbang(b => b
            .UseEventSourcing(TestJsonContext.Default)
            .UseInMemoryEventStore()
            .UseSqliteEventStore($"Data Source={_path}")
            .UseSqliteEventStore($"Data Source={_path}"));

        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        Assert.Single(services, d => d.ServiceType == typeof(IProjectionStorage));
        await using var provider = services.BuildServiceProvider();
        var stream = new StreamId(StreamId.DefaultTenant, "s-1");
        await provider.GetRequiredService<IEventStore>().AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "e", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        Assert.Equal(1, await new SqliteEventStore($"Data Source={_path}").GetStreamVersionAsync(stream)); // the events went to the SQLite file
        Assert.IsType<SqliteProjectionStorage>(provider.GetRequiredService<IProjectionStorage>()); // projections live beside the events
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private async Task<ServiceProvider> BuildAsync(string store)
    {
        var dataSource = store == "postgres" ? await postgres.DataSourceAsync() : null;
        return TestServices.Build(b =>
        {
            b.UseEventSourcing(TestJsonContext.Default);
            _ = store switch
            {
                "sqlite" => b.UseSqliteEventStore($"Data Source={_path}"),
                "postgres" => b.UsePostgresEventStore(dataSource!, new PostgresEventStoreOptions { Schema = postgres.NewSchema() }),
                _ => b.UseInMemoryEventStore(),
            };
        });
    }
}
