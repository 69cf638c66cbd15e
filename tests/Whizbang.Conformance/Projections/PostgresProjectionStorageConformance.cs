using Whizbang.Conformance.Postgres;
using Whizbang.Postgres;
using Whizbang.Projections;
using Whizbang.Projections.Storage;

namespace Whizbang.Conformance.Projections;

/// <summary>
/// The contract on PostgreSQL, in a schema of this class's own (see <see cref="PostgresServer"/>). Leases run on the
/// database's clock, so letting one expire means waiting for it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProjectionStorageConformance(PostgresServer server) : ProjectionStorageConformance
{
    private readonly string _schema = server.SchemaFor(typeof(PostgresProjectionStorageConformance));

    protected override IProjectionStorage Storage => field ??= new PostgresProjectionStorage(server.DataSource, new PostgresEventStoreOptions { Schema = _schema });

    // The lease was taken before this call, by the database's clock: once this much time has passed here, it has there.
    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration + TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task ValidJsonThatJsonbRefuses_IsRefused_NamingTheDocument_AndNothingIsWritten()
    {
        var projection = await LeasedAsync();
        await SeedAsync(projection);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await Storage.CommitAsync(Commit(
            projection, At(1), At(2), Put("fine", "{}"), Delete("seed"), Put("broken-doc", """{"text":"nul \u0000 inside"}"""))));

        Assert.Contains("broken-doc", error.Message, StringComparison.Ordinal);
        Assert.IsType<Npgsql.PostgresException>(error.InnerException);
        await AssertUnchangedAsync(projection);
    }

    [Fact]
    public async Task WithoutPreparedStatements_TheContractHolds()
    {
        var storage = new PostgresProjectionStorage(server.DataSource, new PostgresEventStoreOptions { Schema = _schema, PrepareStatements = false });
        var projection = NewProjection();
        await storage.RegisterAsync(projection, At(0));
        Assert.True(await storage.TryAcquireLeaseAsync(projection, 1, "worker", LongLease));

        Assert.True(await storage.CommitAsync(Commit(projection, At(0), At(1), Put("x", """{"n":2}""")) with { Owner = "worker" }));
        Assert.False(await storage.CommitAsync(Commit(projection, At(0), At(2), Put("x", """{"n":3}""")) with { Owner = "worker" }));

        AssertJson("""{"n":2}""", Assert.Single(await storage.QueryAsync(projection, "tenant", new DocumentQuery().Where("n", 2.0m))).Data);
    }

    [Fact]
    public async Task ASchemaAtVersion1_IsMigrated_AndKeepsItsEvents()
    {
        var schema = server.NewSchema("projection_upgrade");
        var store = new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = schema });
        var stream = Whizbang.EventSourcing.StreamId.ForDefaultTenant("kept");
        await store.AppendAsync(stream, Whizbang.EventSourcing.ExpectedVersion.NoStream, [new Whizbang.EventSourcing.EventData(Guid.CreateVersion7(), "Kept", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        // Back to what a version 1 store left behind.
        await server.ExecuteAsync($"""
            DROP TABLE "{schema}".projection_generations, "{schema}".projection_documents, "{schema}".projection_failures;
            DROP FUNCTION "{schema}".raise_projection_fenced;
            DELETE FROM "{schema}".schema_version WHERE version >= 2;
            """);

        var storage = new PostgresProjectionStorage(server.DataSource, new PostgresEventStoreOptions { Schema = schema });

        Assert.Single(await storage.RegisterAsync(NewProjection(), At(0)));
        Assert.Equal(4, await server.ScalarAsync<int>($"""SELECT max(version) FROM "{schema}".schema_version"""));
        Assert.Equal(1, await new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = schema }).GetStreamVersionAsync(stream));
    }
}
