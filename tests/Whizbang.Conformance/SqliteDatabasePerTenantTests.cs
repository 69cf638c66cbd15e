using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Sqlite;
using Whizbang.Tenancy;
using static Whizbang.Conformance.TenantRows;

namespace Whizbang.Conformance;

/// <summary>
/// A SQLite file per tenant (issue 6): the application's stores, wired by <c>UseSqliteDatabasePerTenant</c>, put each
/// tenant's rows in its own file, which raw SQL then checks. Each test works in a temporary directory of its own,
/// deleted afterwards.
/// </summary>
public sealed class SqliteDatabasePerTenantTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whizbang-tenants-{Guid.NewGuid():N}");
    private readonly List<ServiceProvider> _built = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var services in _built)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EachTenantsFile_HoldsOnlyItsEventsAndMessages()
    {
        var (events, messages, tenants) = Build(t => t.Add("acme", Database("acme")).Add("globex", Database("globex")));

        await events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced"), Event("OrderPaid")]);
        await events.AppendAsync(new StreamId("globex", "order-1"), ExpectedVersion.NoStream, [Event("OrderCancelled")]);
        await messages.WriteAsync(new MessageWrites(null, [Message("acme")]));
        // Creates the home file, so that its emptiness can be checked.
        Assert.Null(await tenants.Home.Events.GetStreamVersionAsync(new StreamId("acme", "order-1")));

        Assert.Equal([("acme", 2L)], await RowsAsync("acme", "events"));
        Assert.Equal([("globex", 1L)], await RowsAsync("globex", "events"));
        Assert.Empty(await RowsAsync("home", "events"));
        Assert.Equal([("acme", 1L)], await RowsAsync("acme", "outbox"));
        Assert.Empty(await RowsAsync("globex", "outbox"));

        Assert.Equal(["OrderCancelled"], (await events.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync()).Select(e => e.EventName));
        Assert.Empty(await tenants.StoresOf("acme").Events.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync());
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await messages.CountAsync());
    }

    [Fact]
    public async Task AnUnknownTenant_ThrowsUnknownTenantException_AndCreatesNoFile()
    {
        var (events, messages, _) = Build(t => t.Add("acme", Database("acme")));
        var ghost = new StreamId("ghost", "order-1");

        var append = await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(ghost, ExpectedVersion.NoStream, [Event("OrderPlaced")]));
        Assert.Equal(("ghost", TenantIsolation.DatabasePerTenant), (append.Tenant, append.Isolation));
        Assert.Contains("'ghost'", append.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.ReadStreamAsync(ghost).ToListAsync());
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await messages.WriteAsync(new MessageWrites(null, [Message("ghost")])));

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void TheSameFile_ForTwoTenantsOrATenantAndHome_IsRefused()
    {
        var (_, _, tenants) = Build(t => t.Add("acme", Database("acme")));
        var acme = Path.Combine(_directory, "acme.db");

        string[] acmeAgain =
        [
            Database("acme"),
            $"Data Source={acme};Cache=Shared;Default Timeout=5",
            $"Data Source={Path.Combine(_directory, "sub", "..", "acme.db")}",
            $"Data Source={Path.GetRelativePath(Environment.CurrentDirectory, acme)}",
        ];
        foreach (var connectionString in acmeAgain)
        {
            var error = Assert.Throws<ArgumentException>(() => tenants.Add("globex", connectionString));
            Assert.Equal("connectionString", error.ParamName);
            Assert.Contains($"Database '{acme}' is tenant 'acme''s already", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("is the home database", Assert.Throws<ArgumentException>(() => tenants.Add("globex", Database("home"))).Message, StringComparison.Ordinal);
        Assert.Contains("Tenant 'acme' is in the catalogue already", Assert.Throws<ArgumentException>(() => tenants.Add("acme", Database("acme2"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tenants.Add("globex", " "));

        // Nothing of the refusals stuck.
        Assert.Equal(["acme"], tenants.Tenants);
        tenants.Add("globex", Database("acme2"));
        Assert.True(tenants.Contains("globex"));
    }

    [Fact]
    public async Task ATenantAddedAfterTheContainerWasBuilt_IsUsableAtOnce()
    {
        var (events, _, tenants) = Build(_ => { });
        var stream = new StreamId("late", "order-1");
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]));

        Assert.Same(tenants, _built[^1].GetRequiredService<TenantStoreCatalogue>());
        tenants.Add("late", Database("late"));
        await events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]);

        Assert.Equal([("late", 1L)], await RowsAsync("late", "events"));
    }

    private (IEventStore Events, IMessageStore Messages, SqliteTenantDatabases Tenants) Build(Action<SqliteTenantDatabases> configure)
    {
        var services = new ServiceCollection()
            .AddWhizbang(EmptyHandlerRegistry.Instance, b => b.UseSqliteDatabasePerTenant(Database("home"), configure))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _built.Add(services);
        return (services.GetRequiredService<IEventStore>(), services.GetRequiredService<IMessageStore>(), services.GetRequiredService<SqliteTenantDatabases>());
    }

    private string Database(string name) => $"Data Source={Path.Combine(_directory, name + ".db")}";

    /// <summary>The rows of Whizbang's <paramref name="table"/> in the file <paramref name="name"/>, per tenant (ordinal order).</summary>
    private async Task<List<(string Tenant, long Rows)>> RowsAsync(string name, string table)
    {
        await using var connection = new SqliteConnection(Database(name) + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT tenant_id, count(*) FROM whizbang_{table} GROUP BY tenant_id ORDER BY tenant_id";
        var rows = new List<(string Tenant, long Rows)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
