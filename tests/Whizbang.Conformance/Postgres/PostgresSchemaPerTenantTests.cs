using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Postgres;
using Whizbang.Tenancy;
using static Whizbang.Conformance.TenantRows;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// A schema per tenant (issue 6): the application's stores, wired by <c>UsePostgresSchemaPerTenant</c>, put each
/// tenant's rows in its own schema, which raw SQL then checks. Every test has a home schema of its own, and its
/// tenants' schemas are named after it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaPerTenantTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _home = server.NewSchema("spt");
    private readonly List<(ServiceProvider Services, PostgresTenantSchemas Tenants)> _built = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var schemas = new List<string> { _home };
        foreach (var (services, tenants) in _built)
        {
            schemas.AddRange(tenants.Tenants.Select(tenants.SchemaOf));
            await services.DisposeAsync();
        }

        await server.ExecuteAsync($"DROP SCHEMA IF EXISTS {string.Join(", ", schemas.Distinct().Select(s => $"\"{s}\""))} CASCADE");
    }

    [Fact]
    public async Task Appends_LandInTheTenantsSchemaOnly_AndAnotherTenantsStreamIsNotFoundThere()
    {
        var (events, _, tenants) = Build(t => t.Add("acme").Add("globex"));

        await events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced"), Event("OrderPaid")]);
        await events.AppendAsync(new StreamId("globex", "order-1"), ExpectedVersion.NoStream, [Event("OrderCancelled")]);
        // Creates the home schema, so that its emptiness can be checked.
        Assert.Null(await tenants.Home.Events.GetStreamVersionAsync(new StreamId("acme", "order-1")));

        Assert.Equal($"{_home}_acme", tenants.SchemaOf("acme"));
        Assert.Equal($"{_home}_globex", tenants.SchemaOf("globex"));
        Assert.Equal([("acme", 2L)], await EventsIn(tenants.SchemaOf("acme")));
        Assert.Equal([("globex", 1L)], await EventsIn(tenants.SchemaOf("globex")));
        Assert.Empty((await EventsIn(_home))!);

        Assert.Equal(["OrderPlaced", "OrderPaid"], (await events.ReadStreamAsync(new StreamId("acme", "order-1")).ToListAsync()).Select(e => e.EventName));
        Assert.Equal(["OrderCancelled"], (await events.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync()).Select(e => e.EventName));
        var acme = tenants.StoresOf("acme").Events;
        Assert.Empty(await acme.ReadStreamAsync(new StreamId("globex", "order-1")).ToListAsync());
        Assert.Null(await acme.GetStreamVersionAsync(new StreamId("globex", "order-1")));
    }

    [Fact]
    public async Task AnUnknownTenant_ThrowsUnknownTenantException_AndCreatesNoSchema()
    {
        var (events, messages, _) = Build(t => t.Add("acme"));
        var ghost = new StreamId("ghost", "order-1");

        Assert.Equal("ghost", (await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(ghost, ExpectedVersion.NoStream, [Event("OrderPlaced")]))).Tenant);
        var read = await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.ReadStreamAsync(ghost).ToListAsync());
        Assert.Contains("'ghost'", read.Message, StringComparison.Ordinal);
        Assert.Equal(TenantIsolation.SchemaPerTenant, read.Isolation);
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.GetStreamVersionAsync(ghost));
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await messages.WriteAsync(new MessageWrites(null, [Message("ghost")])));

        Assert.False(await PostgresRows.SchemaExistsAsync(server.DataSource, $"{_home}_ghost"));
        Assert.False(await PostgresRows.SchemaExistsAsync(server.DataSource, _home));
    }

    /// <summary>Tenant ids that are valid but cannot be part of a schema name: SQL text, Unicode, capitals, a hyphen, too long.</summary>
    public static TheoryData<string> UnnameableTenants => new()
    {
        "a'; DROP SCHEMA whizbang CASCADE; --",
        "Zürich-Ü",
        "Acme",
        "b2b-42",
        new string('x', TenantIds.MaxLength),
    };

    [Theory]
    [MemberData(nameof(UnnameableTenants))]
    public async Task ATenantIdThatCannotNameASchema_IsRefusedForADerivedSchema_AndWorksWithAnExplicitOne(string tenant)
    {
        var (events, _, tenants) = Build(_ => { });

        var refused = Assert.Throws<ArgumentException>(() => tenants.Add(tenant));
        Assert.Equal("tenant", refused.ParamName);
        Assert.Contains($"No schema can be derived for tenant '{tenant}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Give the tenant's schema explicitly", refused.Message, StringComparison.Ordinal);
        Assert.False(tenants.Contains(tenant));

        var schema = _home + "_explicit";
        tenants.Add(tenant, schema);
        await events.AppendAsync(new StreamId(tenant, "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced")]);

        Assert.Equal([(tenant, 1L)], await EventsIn(schema));
        Assert.Equal(1, await events.GetStreamVersionAsync(new StreamId(tenant, "order-1")));
        Assert.True(await PostgresRows.SchemaExistsAsync(server.DataSource, schema));
    }

    [Fact]
    public async Task ASchemaThatIsInvalid_TheHomeSchema_OrAnotherTenants_IsRefused()
    {
        var (events, _, tenants) = Build(t => t.Add("acme").Add("globex", _home + "_shared"));

        foreach (var invalid in (string[])["Acme", "acme-1", "1acme", "pg_acme", "", new string('s', 64), "a\"; DROP TABLE x; --"])
        {
            var error = Assert.Throws<ArgumentException>(() => tenants.Add("initech", invalid));
            Assert.Equal("schema", error.ParamName);
            Assert.Contains("cannot be tenant 'initech''s schema", error.Message, StringComparison.Ordinal);
        }

        var home = Assert.Throws<ArgumentException>(() => tenants.Add("initech", _home));
        Assert.Contains($"Schema '{_home}' is the home schema", home.Message, StringComparison.Ordinal);
        var taken = Assert.Throws<ArgumentException>(() => tenants.Add("initech", _home + "_shared"));
        Assert.Contains($"Schema '{_home}_shared' is tenant 'globex''s already", taken.Message, StringComparison.Ordinal);
        var derivedTaken = Assert.Throws<ArgumentException>(() => tenants.Add("initech", _home + "_acme"));
        Assert.Contains("is tenant 'acme''s already", derivedTaken.Message, StringComparison.Ordinal);
        var again = Assert.Throws<ArgumentException>(() => tenants.Add("acme", _home + "_acme_2"));
        Assert.Contains("Tenant 'acme' is in the catalogue already", again.Message, StringComparison.Ordinal);

        // Nothing of the refusals stuck: the tenant and the schema offered again are free.
        Assert.Equal(["acme", "globex"], tenants.Tenants.Order(StringComparer.Ordinal));
        tenants.Add("initech");
        tenants.Add("umbrella", _home + "_acme_2");
        await events.AppendAsync(new StreamId("initech", "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced")]);
        Assert.Equal([("initech", 1L)], await EventsIn(_home + "_initech"));
        Assert.Null(await EventsIn(_home + "_acme_2"));
    }

    [Fact]
    public async Task ATenantAddedAfterTheContainerWasBuilt_IsUsableAtOnce()
    {
        var (events, _, _) = Build(t => t.Add("acme"));
        var late = new StreamId("late", "order-1");
        await Assert.ThrowsAsync<UnknownTenantException>(async () => await events.AppendAsync(late, ExpectedVersion.NoStream, [Event("OrderPlaced")]));

        var services = _built[^1].Services;
        Assert.Same(services.GetRequiredService<PostgresTenantSchemas>(), services.GetRequiredService<TenantStoreCatalogue>());
        services.GetRequiredService<PostgresTenantSchemas>().Add("late");
        await events.AppendAsync(late, ExpectedVersion.NoStream, [Event("OrderPlaced")]);

        Assert.Equal([("late", 1L)], await EventsIn(_home + "_late"));
        Assert.Equal(1, await events.GetStreamVersionAsync(late));
    }

    [Fact]
    public async Task OutboxWrites_LandInTheTenantsSchema_AndCountsAddUpHomeAndEveryTenant()
    {
        var (_, messages, tenants) = Build(t => t.Add("acme").Add("globex"));

        await messages.WriteAsync(new MessageWrites(null, [Message("acme"), Message("acme")]));
        await messages.WriteAsync(new MessageWrites(new InboxEntry("billing", Guid.CreateVersion7(), "globex", DateTimeOffset.UtcNow), [Message("globex")]));
        // A dead letter of a message whose tenant is unknown is kept at home.
        await messages.AddDeadLetterAsync(new DeadLetter(
            Guid.CreateVersion7(), DeadLetterOrigin.Inbox, "orders", "billing", "OrderPlaced", "ghost", "{}"u8.ToArray(), "{}"u8.ToArray(), "boom", 1, DateTimeOffset.UtcNow));

        Assert.Equal([("acme", 2L)], await PostgresRows.PerTenantAsync(server.DataSource, tenants.SchemaOf("acme"), "outbox"));
        Assert.Equal([("globex", 1L)], await PostgresRows.PerTenantAsync(server.DataSource, tenants.SchemaOf("globex"), "outbox"));
        Assert.Equal([("globex", 1L)], await PostgresRows.PerTenantAsync(server.DataSource, tenants.SchemaOf("globex"), "inbox"));
        Assert.Empty((await PostgresRows.PerTenantAsync(server.DataSource, _home, "outbox"))!);
        Assert.Equal([("ghost", 1L)], await PostgresRows.PerTenantAsync(server.DataSource, _home, "dead_letters"));

        Assert.Equal(new OutboxCounts(Pending: 3, Leased: 0, Sent: 0, DeadLetters: 1, InboxEntries: 1), await messages.CountAsync());
        Assert.Equal(new OutboxCounts(2, 0, 0, 0, 0), await tenants.StoresOf("acme").Messages.CountAsync());
    }

    private (IEventStore Events, IMessageStore Messages, PostgresTenantSchemas Tenants) Build(Action<PostgresTenantSchemas> configure)
    {
        var services = new ServiceCollection()
            .AddWhizbang(EmptyHandlerRegistry.Instance, b => b.UsePostgresSchemaPerTenant(server.DataSource, configure, new PostgresEventStoreOptions { Schema = _home }))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var tenants = services.GetRequiredService<PostgresTenantSchemas>();
        _built.Add((services, tenants));
        return (services.GetRequiredService<IEventStore>(), services.GetRequiredService<IMessageStore>(), tenants);
    }

    private Task<IReadOnlyList<(string Tenant, long Rows)>?> EventsIn(string schema) => PostgresRows.PerTenantAsync(server.DataSource, schema, "events");
}
