using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Postgres;
using Whizbang.Tenancy;
using static Whizbang.Conformance.TenantRows;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// A database per tenant (issue 6): the application's stores, wired by <c>UsePostgresDatabasePerTenant</c>, put each
/// tenant's rows in its own database, which raw SQL then checks. Each test creates the tenants' databases it needs on
/// the test server and drops them afterwards; the home database is the server's, in a schema of the test's own.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDatabasePerTenantTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = server.NewSchema("dpt");
    private readonly List<string> _databases = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<ServiceProvider> _built = [];

    private PostgresEventStoreOptions Options => new() { Schema = _schema };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in _built)
        {
            await services.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Appends_LandInTheTenantsDatabaseOnly_AndAnotherTenantsStreamIsNotFoundThere()
    {
        var acme = await NewDatabaseAsync();
        var globex = await NewDatabaseAsync();
        var (events, _, tenants) = Build(t => t.Add("acme", acme).Add("globex", DataSource(globex)));

        await events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced"), Event("OrderPaid")]);
        await events.AppendAsync(new StreamId("globex", "order-1"), ExpectedVersion.NoStream, [Event("OrderCancelled")]);
        // Creates the home schema, so that its emptiness can be checked.
        Assert.Null(await tenants.Home.Events.GetStreamVersionAsync(new StreamId("acme", "order-1")));

        Assert.Equal([("acme", 2L)], await RowsAsync(acme, "events"));
        Assert.Equal([("globex", 1L)], await RowsAsync(globex, "events"));
        Assert.Empty((await PostgresRows.PerTenantAsync(server.DataSource, _schema, "events"))!);

        Assert.Equal(["OrderPlaced", "OrderPaid"], (await events.ReadStreamAsync(new StreamId("acme", "order-1")).ToListAsync()).Select(e => e.EventName));
        Assert.Equal(["OrderCancelled"], (await events.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync()).Select(e => e.EventName));
        var acmeEvents = tenants.StoresOf("acme").Events;
        Assert.Empty(await acmeEvents.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync());
        Assert.Null(await acmeEvents.GetStreamVersionAsync(new StreamId("globex", "order-1")));
    }

    [Fact]
    public async Task AnUnknownTenant_ThrowsUnknownTenantException_AndCreatesNothing()
    {
        var acme = await NewDatabaseAsync();
        var (events, messages, _) = Build(t => t.Add("acme", acme));
        var ghost = new StreamId("ghost", "order-1");

        var append = await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(ghost, ExpectedVersion.NoStream, [Event("OrderPlaced")]));
        Assert.Equal(("ghost", TenantIsolation.DatabasePerTenant), (append.Tenant, append.Isolation));
        Assert.Contains("'ghost'", append.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.ReadStreamAsync(ghost).ToListAsync());
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await messages.WriteAsync(new MessageWrites(null, [Message("ghost")])));

        Assert.False(await PostgresRows.SchemaExistsAsync(server.DataSource, _schema));
        Assert.False(await PostgresRows.SchemaExistsAsync(DataSource(acme), _schema));
    }

    [Fact]
    public void ADatabaseThatIsHomeOrAnotherTenants_IsRefused_HoweverItIsReached()
    {
        // Nothing here connects: the databases are told apart by their connection strings.
        var home = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        var acme = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "acme_" + Guid.NewGuid().ToString("N")[..8] };
        var (_, _, tenants) = Build(t => t.Add("acme", acme.ConnectionString));

        string[] acmeAgain =
        [
            acme.ConnectionString,
            new NpgsqlConnectionStringBuilder(acme.ConnectionString) { ApplicationName = "reports", Pooling = false }.ConnectionString,
            $"Database={acme.Database};Port={acme.Port};HOST={acme.Host!.ToUpperInvariant()};Username=someone_else;Password=secret",
        ];
        foreach (var connectionString in acmeAgain)
        {
            var error = Assert.Throws<ArgumentException>(() => tenants.Add("globex", connectionString));
            Assert.Equal("connectionString", error.ParamName);
            Assert.Contains($"Database '{acme.Database}' on", error.Message, StringComparison.Ordinal);
            Assert.Contains("is tenant 'acme''s already", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("is tenant 'acme''s already", Assert.Throws<ArgumentException>(() => tenants.Add("globex", DataSource(acme.ConnectionString))).Message, StringComparison.Ordinal);
        Assert.Contains("is the home database", Assert.Throws<ArgumentException>(() => tenants.Add("globex", home.ConnectionString)).Message, StringComparison.Ordinal);
        Assert.Contains("is the home database", Assert.Throws<ArgumentException>(() => tenants.Add("globex", server.DataSource)).Message, StringComparison.Ordinal);
        var again = Assert.Throws<ArgumentException>(() => tenants.Add("acme", new NpgsqlConnectionStringBuilder(acme.ConnectionString) { Database = "other" }.ConnectionString));
        Assert.Contains("Tenant 'acme' is in the catalogue already", again.Message, StringComparison.Ordinal);
        Assert.Equal("connectionString", Assert.Throws<ArgumentException>(() => tenants.Add("globex", "not a connection string")).ParamName);

        // Nothing of the refusals stuck.
        Assert.Equal(["acme"], tenants.Tenants);
        tenants.Add("globex", new NpgsqlConnectionStringBuilder(acme.ConnectionString) { Database = acme.Database + "_globex" }.ConnectionString);
        Assert.True(tenants.Contains("globex"));
    }

    [Fact]
    public async Task ATenantAddedAfterTheContainerWasBuilt_IsUsableAtOnce()
    {
        var late = await NewDatabaseAsync();
        var (events, _, tenants) = Build(_ => { });
        var stream = new StreamId("late", "order-1");
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]));

        Assert.Same(tenants, _built[^1].GetRequiredService<TenantStoreCatalogue>());
        tenants.Add("late", late);
        await events.AppendAsync(stream, ExpectedVersion.NoStream, [Event("OrderPlaced")]);

        Assert.Equal([("late", 1L)], await RowsAsync(late, "events"));
        Assert.Equal(1, await events.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task OutboxWrites_LandInTheTenantsDatabase_AndCountsAddUpHomeAndEveryTenant()
    {
        var acme = await NewDatabaseAsync();
        var globex = await NewDatabaseAsync();
        var (_, messages, tenants) = Build(t => t.Add("acme", acme).Add("globex", globex));

        await messages.WriteAsync(new MessageWrites(null, [Message("acme"), Message("acme")]));
        await messages.WriteAsync(new MessageWrites(new InboxEntry("billing", Guid.CreateVersion7(), "globex", DateTimeOffset.UtcNow), [Message("globex")]));
        await messages.AddDeadLetterAsync(new DeadLetter(
            Guid.CreateVersion7(), DeadLetterOrigin.Inbox, "orders", "billing", "OrderPlaced", "ghost", "{}"u8.ToArray(), "{}"u8.ToArray(), "boom", 1, DateTimeOffset.UtcNow));

        Assert.Equal([("acme", 2L)], await RowsAsync(acme, "outbox"));
        Assert.Equal([("globex", 1L)], await RowsAsync(globex, "outbox"));
        Assert.Equal([("globex", 1L)], await RowsAsync(globex, "inbox"));
        Assert.Empty((await PostgresRows.PerTenantAsync(server.DataSource, _schema, "outbox"))!);
        Assert.Equal([("ghost", 1L)], await PostgresRows.PerTenantAsync(server.DataSource, _schema, "dead_letters"));

        Assert.Equal(new OutboxCounts(Pending: 3, Leased: 0, Sent: 0, DeadLetters: 1, InboxEntries: 1), await messages.CountAsync());
        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await tenants.StoresOf("globex").Messages.CountAsync());
    }

    [Fact]
    public async Task DisposingTheContainer_DisposesTheDataSourcesTheCatalogueCreated_AndNotTheCallers()
    {
        var acme = await NewDatabaseAsync();
        var globex = DataSource(await NewDatabaseAsync());
        var (events, _, tenants) = Build(t => t.Add("acme", acme).Add("globex", globex));
        await events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced")]);
        await events.AppendAsync(new StreamId("globex", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced")]);
        var acmeEvents = tenants.StoresOf("acme").Events;
        var globexEvents = tenants.StoresOf("globex").Events;

        await _built[^1].DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await acmeEvents.GetStreamVersionAsync(new StreamId("acme", "order-1")));
        Assert.Equal(1, await globexEvents.GetStreamVersionAsync(new StreamId("globex", "order-1")));
        Assert.Null(await tenants.Home.Events.GetStreamVersionAsync(new StreamId("acme", "order-1")));
    }

    private (IEventStore Events, IMessageStore Messages, PostgresTenantDatabases Tenants) Build(Action<PostgresTenantDatabases> configure)
    {
        var services = new ServiceCollection()
            .AddWhizbang(EmptyHandlerRegistry.Instance, b => b.UsePostgresDatabasePerTenant(server.DataSource, configure, Options))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _built.Add(services);
        return (services.GetRequiredService<IEventStore>(), services.GetRequiredService<IMessageStore>(), services.GetRequiredService<PostgresTenantDatabases>());
    }

    /// <summary>Creates an empty database on the test server, dropped after the test, and returns its connection string.</summary>
    private async Task<string> NewDatabaseAsync()
    {
        var name = "whizbang_tenant_" + Guid.NewGuid().ToString("N")[..12];
        await server.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A data source of the test's own over <paramref name="connectionString"/>, disposed after the test.</summary>
    private NpgsqlDataSource DataSource(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }

    private Task<IReadOnlyList<(string Tenant, long Rows)>?> RowsAsync(string connectionString, string table)
        => PostgresRows.PerTenantAsync(DataSource(connectionString), _schema, table);
}
