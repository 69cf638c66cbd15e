using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Whizbang.Postgres;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Runtime.Tests.Messaging;
using Whizbang.Runtime.Tests.Projections;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>
/// A whole application on a schema per tenant in a real PostgreSQL database: projections (async and inline) and the
/// outbox and inbox run in each tenant's own schema, which raw SQL confirms.
/// </summary>
public sealed class PostgresSchemaPerTenantApplicationTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(ProjectionMode.Async)]
    [InlineData(ProjectionMode.Inline)]
    public async Task EachTenantsProjection_IsBuiltFromItsOwnEvents_InItsOwnSchema(ProjectionMode mode)
    {
        var (dataSource, home, acme, globex) = await SchemasAsync();
        await using var services = TestServices.Build(b => b
            .UseEventSourcing(AccountJsonContext.Default)
            .UsePostgresSchemaPerTenant(dataSource, t => t.Add("acme", acme).Add("globex", globex), new PostgresEventStoreOptions { Schema = home })
            .RunProjectionDaemon(false)
            .ConfigureProjection("account-summary", o => o.Mode = mode));
        var manager = services.GetRequiredService<IProjectionManager>();
        await manager.CatchUpAsync(); // an inline projection's first generation goes live

        await services.AppendAccountAsync("acme", "a1", new AccountOpened("a1", "ada"), new Deposited("a1", 5));
        await services.AppendAccountAsync("globex", "a1", new AccountOpened("a1", "bob"), new Deposited("a1", 1), new Deposited("a1", 1));
        if (mode == ProjectionMode.Async)
        {
            await manager.CatchUpAsync();
        }

        Assert.Equal(5m, (await services.LoadAccountAsync("acme", "a1"))!.Balance);
        Assert.Equal(2m, (await services.LoadAccountAsync("globex", "a1"))!.Balance);
        Assert.Equal(1, await CountAsync(dataSource, acme, "projection_documents"));
        Assert.Equal(1, await CountAsync(dataSource, globex, "projection_documents"));
        Assert.Equal(["acme", "globex"], (await manager.GetStatusAsync()).Where(s => s.Status == GenerationStatus.Live).Select(s => s.Tenant));
    }

    [Fact]
    public async Task EachTenantsOutboxAndInbox_AreInItsOwnSchema_AndEveryTenantsOutboxIsRelayed()
    {
        var (dataSource, home, acme, globex) = await SchemasAsync();
        var (_, warehouseHome, warehouseAcme, warehouseGlobex) = await SchemasAsync();
        await using var shop = ShopHost.Shop(configure: b =>
            b.UsePostgresSchemaPerTenant(dataSource, t => t.Add("acme", acme).Add("globex", globex), new PostgresEventStoreOptions { Schema = home }));
        await using var warehouse = ShopHost.Warehouse(configure: b => b.UsePostgresSchemaPerTenant(
            dataSource, t => t.Add("acme", warehouseAcme).Add("globex", warehouseGlobex), new PostgresEventStoreOptions { Schema = warehouseHome }));
        var order = Observations.NewKey("o");

        using (TenantScope.Begin("globex"))
        {
            await shop.Whizbang.Send(new PlaceShopOrder(order, "sku-1", 1));
        }

        Assert.Equal(2, await CountAsync(dataSource, globex, "outbox"));
        Assert.False(await SchemaExistsAsync(dataSource, acme)); // acme wrote nothing, so its schema was never created
        var reservation = Assert.Single(await shop.RelayAllAsync(), m => m.Destination == "warehouse.commands");
        Assert.Equal(IncomingOutcome.Handled, (await warehouse.Processor.ProcessAsync(ShopHost.Received(reservation))).Outcome);

        Assert.Equal(1, await CountAsync(dataSource, warehouseGlobex, "inbox"));
        Assert.False(await SchemaExistsAsync(dataSource, warehouseAcme));
        Assert.Equal(2, (await shop.Store.CountAsync()).Sent);
    }

    private async Task<(NpgsqlDataSource DataSource, string Home, string Acme, string Globex)> SchemasAsync()
        => (await postgres.DataSourceAsync(), postgres.NewSchema(), postgres.NewSchema(), postgres.NewSchema());



    private static async Task<bool> SchemaExistsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The rows of one of Whizbang's tables in <paramref name="schema"/>, counted outside any tenant.</summary>
    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string schema, string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".{table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
