using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.EventSourcing;
using Whizbang.Postgres;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Conformance.Postgres;

/// <summary>
/// PostgreSQL itself keeps tenants apart (issue 6). The store connects as a role that row-level security applies to
/// (no SUPERUSER, no BYPASSRLS, owner of its schema); each test stores real rows of two tenants of its own, then checks
/// what raw SQL and the driver, called directly without the runtime's tenant policy, can see and write.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantIsolationTests(PostgresServer server, PostgresAppRole role) : IClassFixture<PostgresAppRole>, IAsyncLifetime
{
    private static readonly string[] TenantTables = ["events", "streams", "projection_documents", "projection_failures"];

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private string _schema = string.Empty;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresEventStore _store = null!;
    private PostgresProjectionStorage _storage = null!;

    private string TenantA => "a-" + _run;

    private string TenantB => "b-" + _run;

    private string Projection => "orders-" + _run;

    public async Task InitializeAsync()
    {
        _dataSource = await role.ConnectAsync(server, "tenant_isolation");
        _schema = role.Schema;
        var options = new PostgresEventStoreOptions { Schema = _schema, RequireRowLevelSecurity = true };
        _store = new PostgresEventStore(_dataSource, options);
        _storage = new PostgresProjectionStorage(_dataSource, options);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RawSql_UnderATenantScope_SeesOnlyThatTenantsRows()
    {
        await SeedAsync();

        using (TenantScope.Begin(TenantA))
        {
            await using var tenant = await _dataSource.BeginTenantTransactionAsync();
            Assert.Equal(TenantA, tenant.Tenant);
            foreach (var table in TenantTables)
            {
                Assert.Equal([TenantA], await TenantsInAsync(tenant, table));
            }

            Assert.Equal(3L, await ScalarAsync<long>(tenant, "SELECT count(*) FROM events"));
            Assert.Equal(2L, await ScalarAsync<long>(tenant, "SELECT count(*) FROM streams"));
            Assert.Equal("""{"tenant": "a"}""", await ScalarAsync<string>(tenant, "SELECT data::text FROM projection_documents"));
        }
    }

    [Fact]
    public async Task RawSql_OutsideAnyTenant_SeesEveryTenantsRows()
    {
        await SeedAsync();

        await using var system = await _dataSource.BeginTenantTransactionAsync();
        Assert.Null(system.Tenant);
        foreach (var table in TenantTables)
        {
            Assert.Equal([TenantA, TenantB], (await TenantsInAsync(system, table)).Intersect([TenantA, TenantB]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task RawSql_InACrossTenantGrant_SeesEveryTenantsRows()
    {
        await SeedAsync();

        using (TenantScope.Begin(TenantA))
        using (CrossTenantAccess.Begin("report"))
        {
            await using var report = await _dataSource.BeginTenantTransactionAsync();
            Assert.Null(report.Tenant);
            foreach (var table in TenantTables)
            {
                Assert.Equal([TenantA, TenantB], (await TenantsInAsync(report, table)).Intersect([TenantA, TenantB]).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task RawWrites_OfAnotherTenantsRows_AreRefusedOrFindNothing_AndChangeNothing()
    {
        await SeedAsync();

        using (TenantScope.Begin(TenantA))
        {
            string[] forgeries =
            [
                "INSERT INTO streams (tenant_id, stream_id, version) VALUES ($1, 'forged', 1)",
                "INSERT INTO events (tenant_id, stream_id, version, event_id, event_name, timestamp) VALUES ($1, 'order-1', 99, gen_random_uuid(), 'Forged', now())",
                $"INSERT INTO projection_documents (projection, generation, tenant_id, id, data) VALUES ('{Projection}', 1, $1, 'forged', '{{}}')",
            ];
            foreach (var forgery in forgeries)
            {
                await using var tenant = await _dataSource.BeginTenantTransactionAsync();
                await using var insert = tenant.CreateCommand(forgery);
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TenantB });
                var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
                Assert.Contains("row-level security", refused.MessageText, StringComparison.Ordinal);
            }

            await using (var tenant = await _dataSource.BeginTenantTransactionAsync())
            {
                Assert.Equal(0, await ExecuteAsync(tenant, "UPDATE streams SET version = 99 WHERE tenant_id = $1", TenantB));
                Assert.Equal(0, await ExecuteAsync(tenant, "DELETE FROM events WHERE tenant_id = $1", TenantB));
                Assert.Equal(0, await ExecuteAsync(tenant, "DELETE FROM projection_documents WHERE tenant_id = $1", TenantB));
                await tenant.CommitAsync();
            }
        }

        await AssertTenantBUntouchedAsync();
    }

    [Fact]
    public async Task Driver_AppendingToAnotherTenantsStream_ThrowsCrossTenantAccessException_AndWritesNothing()
    {
        await SeedAsync();

        using (TenantScope.Begin(TenantA))
        {
            (StreamId Stream, ExpectedVersion Expected)[] forgeries =
            [
                (new StreamId(TenantB, "new"), ExpectedVersion.NoStream),
                (new StreamId(TenantB, "order-1"), ExpectedVersion.NoStream),
                (new StreamId(TenantB, "order-1"), ExpectedVersion.Any),
                (new StreamId(TenantB, "new"), ExpectedVersion.Any),
                (new StreamId(TenantB, "order-1"), ExpectedVersion.Exactly(2)),
                (new StreamId(TenantB, "order-1"), ExpectedVersion.Exactly(7)),
            ];
            foreach (var (stream, expected) in forgeries)
            {
                var error = await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await _store.AppendAsync(stream, expected, [Event("Forged")]));
                Assert.Equal((TenantA, TenantB), (error.CurrentTenant, error.RequestedTenant));
                Assert.Equal($"append to stream '{stream.Id}'", error.Operation);
            }

            // With a stream of its own in the same append: nothing of either is written.
            StreamAppend[][] mixed =
            [
                [new(new StreamId(TenantA, "order-3"), ExpectedVersion.NoStream, [Event("Forged")]), new(new StreamId(TenantB, "order-3"), ExpectedVersion.NoStream, [Event("Forged")])],
                [new(new StreamId(TenantA, "order-1"), ExpectedVersion.Exactly(2), [Event("Forged")]), new(new StreamId(TenantB, "order-1"), ExpectedVersion.Any, [Event("Forged")])],
            ];
            foreach (var appends in mixed)
            {
                var error = await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await _store.AppendAsync(appends));
                Assert.Equal(TenantB, error.RequestedTenant);
            }

            Assert.Null(await _store.GetStreamVersionAsync(new StreamId(TenantA, "order-3")));
            Assert.Equal(2, await _store.GetStreamVersionAsync(new StreamId(TenantA, "order-1")));
        }

        await AssertTenantBUntouchedAsync();
        Assert.Equal(0L, await _store.CountAsync(new ReadAllOptions { EventNames = ["Forged"] }));
    }

    [Fact]
    public async Task Driver_ReadingOrDeletingAnotherTenantsData_FindsNothing()
    {
        await SeedAsync();
        var other = new StreamId(TenantB, "order-1");

        using (TenantScope.Begin(TenantA))
        {
            Assert.Empty(await ReadStreamAsync(other));
            Assert.Null(await _store.GetStreamVersionAsync(other));
            Assert.Equal(0, await _store.CountStreamsAsync(TenantB));
            Assert.Equal(2, (await ReadStreamAsync(new StreamId(TenantA, "order-1"))).Count);

            var all = await ReadAllAsync(new ReadAllOptions());
            Assert.Equal(3, all.Count);
            Assert.All(all, e => Assert.Equal(TenantA, e.Stream.Tenant));
            Assert.Equal(3L, await _store.CountAsync(new ReadAllOptions()));

            Assert.Null(await _storage.FindAsync(Projection, new DocumentKey(TenantB, "order-1")));
            Assert.Empty(await _storage.QueryAsync(Projection, TenantB, new DocumentQuery()));
            Assert.NotNull(await _storage.FindAsync(Projection, new DocumentKey(TenantA, "order-1")));
            Assert.Equal([TenantA], (await _storage.GetFailuresAsync(Projection)).Select(f => f.Stream.Tenant));

            Assert.False(await _store.DeleteStreamAsync(other, ExpectedVersion.Any));
        }

        await AssertTenantBUntouchedAsync();
    }

    [Fact]
    public async Task HostileTenantIds_RoundTrip_StayIsolated_AndHarmNothing()
    {
        string[] tenants =
        [
            "'; DROP TABLE x; --" + _run,
            "a' OR '1'='1" + _run,
            "tenánt-ü-日本" + _run,
            _run + new string('t', TenantIds.MaxLength - _run.Length),
        ];
        Assert.Equal(TenantIds.MaxLength, tenants[^1].Length);
        await using (var create = _dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS x (id integer)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < tenants.Length; i++)
        {
            using (TenantScope.Begin(tenants[i]))
            {
                await _store.AppendAsync(new StreamId(tenants[i], "s"), ExpectedVersion.NoStream, [Event("E" + i)]);
                await using var tenant = await _dataSource.BeginTenantTransactionAsync();
                Assert.Equal(1, await ExecuteAsync(tenant, "INSERT INTO streams (tenant_id, stream_id, version) VALUES ($1, 'raw', 0)", tenants[i]));
                await tenant.CommitAsync();
            }
        }

        for (var i = 0; i < tenants.Length; i++)
        {
            using (TenantScope.Begin(tenants[i]))
            {
                var read = Assert.Single(await ReadStreamAsync(new StreamId(tenants[i], "s")));
                Assert.Equal(("E" + i, tenants[i]), (read.EventName, read.Stream.Tenant));
                Assert.Equal([tenants[i]], (await ReadAllAsync(new ReadAllOptions())).Select(e => e.Stream.Tenant));
                foreach (var others in tenants.Where(t => t != tenants[i]))
                {
                    Assert.Empty(await ReadStreamAsync(new StreamId(others, "s")));
                }

                await using var tenant = await _dataSource.BeginTenantTransactionAsync();
                Assert.Equal(tenants[i], await ScalarAsync<string>(tenant, "SELECT current_setting('whizbang.tenant')"));
                Assert.Equal([tenants[i]], await TenantsInAsync(tenant, "events"));
                Assert.Equal([tenants[i]], await TenantsInAsync(tenant, "streams"));
                Assert.Equal(2L, await ScalarAsync<long>(tenant, "SELECT count(*) FROM streams"));
            }
        }

        await using var system = await _dataSource.BeginTenantTransactionAsync();
        Assert.True(await ScalarAsync<bool>(system, "SELECT to_regclass('x') IS NOT NULL"));
        Assert.Equal(tenants.Order(StringComparer.Ordinal), (await TenantsInAsync(system, "events")).Intersect(tenants).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AConnectionWithoutTheSettings_SeesNoRows_AndWritesNone_EvenAfterTheDriverUsedIt()
    {
        await SeedAsync();
        foreach (var table in TenantTables)
        {
            Assert.Equal(0L, await PlainScalarAsync<long>(_dataSource, $"SELECT count(*) FROM {table}"));
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => PlainScalarAsync<object>(_dataSource, $"INSERT INTO streams (tenant_id, stream_id, version) VALUES ('{TenantA}', 'plain', 1)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);

        // One pooled connection: whatever the driver set for its transactions must be gone for the next user.
        await using var single = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(role.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var store = new PostgresEventStore(single, new PostgresEventStoreOptions { Schema = _schema });
        Assert.NotEmpty(await ToListAsync(store.ReadAllAsync(new ReadAllOptions())));
        Assert.Equal(0L, await PlainScalarAsync<long>(single, "SELECT count(*) FROM events"));
        Assert.Equal(string.Empty, await PlainScalarAsync<string>(single, "SELECT coalesce(current_setting('whizbang.all_tenants', true), '')"));
        using (TenantScope.Begin(TenantA))
        {
            await store.AppendAsync(new StreamId(TenantA, "order-1"), ExpectedVersion.Exactly(2), [Event("OrderPaid")]);
            Assert.Equal(4, (await ToListAsync(store.ReadAllAsync(new ReadAllOptions()))).Count);
        }

        Assert.Equal(0L, await PlainScalarAsync<long>(single, "SELECT count(*) FROM events"));
        Assert.Equal(string.Empty, await PlainScalarAsync<string>(single, "SELECT coalesce(current_setting('whizbang.tenant', true), '')"));
    }

    [Fact]
    public async Task RequireRowLevelSecurity_RefusesARoleThatBypassesIt_NamingTheRole_AndAcceptsTheAppRole()
    {
        var superuser = await server.ScalarAsync<string>("SELECT current_user::text");
        Assert.True(await server.ScalarAsync<bool>("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"), "The test server's user must bypass row-level security.");
        var schema = server.NewSchema("bypass");
        var options = new PostgresEventStoreOptions { Schema = schema, RequireRowLevelSecurity = true };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresEventStore(server.DataSource, options).EnsureSchemaAsync());
        Assert.Contains($"role '{superuser}' bypasses row-level security", error.Message, StringComparison.Ordinal);
        Assert.Contains("BYPASSRLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequireRowLevelSecurity", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new PostgresEventStore(server.DataSource, options).AppendAsync(new StreamId(TenantA, "s"), ExpectedVersion.Any, [Event("E")]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new PostgresProjectionStorage(server.DataSource, options).RegisterAsync(Projection, GlobalPosition.Start));
        Assert.False(await server.ScalarAsync<bool>($"SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = '{schema}')"));

        // The app role is accepted (every store of this class requires it).
        await _store.EnsureSchemaAsync();
        await _storage.EnsureSchemaAsync();
        await _store.AppendAsync(new StreamId(TenantA, "s"), ExpectedVersion.NoStream, [Event("E")]);
    }

    [Fact]
    public async Task ARoleThatBypassesRowLevelSecurity_IsReportedOnceAsAWarning_WhenNotRequired()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { ApplicationName = "bypass-warning-" + _run }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var logs = new RecordingLoggerFactory();
        var options = new PostgresEventStoreOptions { Schema = server.NewSchema("bypass_warning") };

        await new PostgresEventStore(dataSource, options, loggerFactory: logs).EnsureSchemaAsync();
        await new PostgresProjectionStorage(dataSource, options, logs).EnsureSchemaAsync();
        await new PostgresEventStore(dataSource, options, loggerFactory: logs).AppendAsync(new StreamId(TenantA, "s"), ExpectedVersion.NoStream, [Event("E")]);

        var warning = Assert.Single(logs.Entries);
        Assert.Equal((LogLevel.Warning, 5001), (warning.Level, warning.Id.Id));
        Assert.Contains(await server.ScalarAsync<string>("SELECT current_user::text"), warning.Message, StringComparison.Ordinal);
        Assert.Contains("row-level security", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppRoleWithGrantsOnly_IsConfinedToo_WithoutOwningTheSchema()
    {
        // The schema's owner (the class's role) migrated it, then grants as docs/postgres-tenancy.md says.
        await _store.EnsureSchemaAsync();
        var grantee = "whizbang_grantee_" + _run;
        await server.ExecuteAsync($"""CREATE ROLE "{grantee}" LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{_run}'""");
        try
        {
            await using (var grant = _dataSource.CreateCommand($"""
                GRANT USAGE ON SCHEMA "{_schema}" TO "{grantee}";
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{_schema}" TO "{grantee}";
                """))
            {
                await grant.ExecuteNonQueryAsync();
            }

            await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(role.ConnectionString) { Username = grantee, Password = _run }.ConnectionString);
            var options = new PostgresEventStoreOptions { Schema = _schema, RequireRowLevelSecurity = true };
            var store = new PostgresEventStore(dataSource, options);
            var storage = new PostgresProjectionStorage(dataSource, options);
            await store.AppendAsync(new StreamId(TenantA, "granted"), ExpectedVersion.NoStream, [Event("E")]);
            await store.AppendAsync(new StreamId(TenantB, "granted"), ExpectedVersion.NoStream, [Event("E")]);
            Assert.Single(await storage.RegisterAsync(Projection, GlobalPosition.Start));

            using (TenantScope.Begin(TenantA))
            {
                Assert.Equal([TenantA], (await ToListAsync(store.ReadAllAsync(new ReadAllOptions()))).Select(e => e.Stream.Tenant));
                await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await store.AppendAsync(new StreamId(TenantB, "granted"), ExpectedVersion.Any, [Event("E")]));
                await using var tenant = await dataSource.BeginTenantTransactionAsync();
                Assert.Equal([TenantA], await TenantsInAsync(tenant, "streams"));
            }

            Assert.Equal(1, await store.GetStreamVersionAsync(new StreamId(TenantB, "granted")));
        }
        finally
        {
            await server.ExecuteAsync($"""DROP OWNED BY "{grantee}"; DROP ROLE "{grantee}";""");
        }
    }

    [Fact]
    public async Task InlineProjection_UnderATenant_WritesItsOwnDocuments_AndAnotherTenantsIsRefused_WithTheAppend()
    {
        Assert.Single(await _storage.RegisterAsync(Projection, GlobalPosition.Start));

        using (TenantScope.Begin(TenantA))
        {
            await _store.AppendAsync([new StreamAppend(new StreamId(TenantA, "inline-1"), ExpectedVersion.NoStream, [Event("OrderPlaced")])], new DocumentPerEvent(Projection, writeAs: null));
            Assert.NotNull(await _storage.FindAsync(Projection, new DocumentKey(TenantA, "inline-1")));

            var error = await Assert.ThrowsAsync<CrossTenantAccessException>(async () => await _store.AppendAsync(
                [new StreamAppend(new StreamId(TenantA, "inline-2"), ExpectedVersion.NoStream, [Event("OrderPlaced")])], new DocumentPerEvent(Projection, writeAs: TenantB)));
            Assert.Equal((TenantA, TenantB), (error.CurrentTenant, error.RequestedTenant));
            Assert.Contains("inline-2", error.Operation, StringComparison.Ordinal);
            Assert.Null(await _store.GetStreamVersionAsync(new StreamId(TenantA, "inline-2")));
        }

        Assert.Null(await _storage.FindAsync(Projection, new DocumentKey(TenantB, "inline-2")));
    }

    /// <summary>Two tenants, each with streams order-1 (two events) and order-2 (one), a document and a failure; stored as system code.</summary>
    private async Task SeedAsync()
    {
        foreach (var tenant in (string[])[TenantA, TenantB])
        {
            await _store.AppendAsync(new StreamId(tenant, "order-1"), ExpectedVersion.NoStream, [Event("OrderPlaced"), Event("OrderShipped")]);
            await _store.AppendAsync(new StreamId(tenant, "order-2"), ExpectedVersion.NoStream, [Event("OrderPlaced")]);
        }

        Assert.Single(await _storage.RegisterAsync(Projection, GlobalPosition.Start));
        Assert.True(await _storage.TryAcquireLeaseAsync(Projection, 1, "worker", TimeSpan.FromMinutes(1)));
        Assert.True(await _storage.CommitAsync(new ProjectionCommit
        {
            Projection = Projection,
            Generation = 1,
            Owner = "worker",
            From = GlobalPosition.Start,
            To = new GlobalPosition(0, 1),
            Writes =
            [
                new DocumentWrite(new DocumentKey(TenantA, "order-1"), Encoding.UTF8.GetBytes("""{"tenant":"a"}""")),
                new DocumentWrite(new DocumentKey(TenantB, "order-1"), Encoding.UTF8.GetBytes("""{"tenant":"b"}""")),
            ],
            Failures = [Failure(TenantA), Failure(TenantB)],
        }));
    }

    private ProjectionFailure Failure(string tenant)
        => new(Projection, 1, new GlobalPosition(0, 1), new StreamId(tenant, "order-2"), 1, Guid.CreateVersion7(), "OrderPlaced", "boom", true, DateTimeOffset.UtcNow);

    /// <summary>Seen as system code: tenant B's rows are as seeded.</summary>
    private async Task AssertTenantBUntouchedAsync()
    {
        Assert.Equal(2, await _store.GetStreamVersionAsync(new StreamId(TenantB, "order-1")));
        Assert.Equal(1, await _store.GetStreamVersionAsync(new StreamId(TenantB, "order-2")));
        Assert.Null(await _store.GetStreamVersionAsync(new StreamId(TenantB, "new")));
        Assert.Null(await _store.GetStreamVersionAsync(new StreamId(TenantB, "forged")));
        Assert.Null(await _store.GetStreamVersionAsync(new StreamId(TenantB, "order-3")));
        Assert.Equal(["OrderPlaced", "OrderShipped"], (await ReadStreamAsync(new StreamId(TenantB, "order-1"))).Select(e => e.EventName));
        Assert.Equal(2, await _store.CountStreamsAsync(TenantB));
        Assert.NotNull(await _storage.FindAsync(Projection, new DocumentKey(TenantB, "order-1")));
        Assert.Null(await _storage.FindAsync(Projection, new DocumentKey(TenantB, "forged")));
    }

    private Task<List<RecordedEvent>> ReadStreamAsync(StreamId stream) => ToListAsync(_store.ReadStreamAsync(stream));

    private Task<List<RecordedEvent>> ReadAllAsync(ReadAllOptions options) => ToListAsync(_store.ReadAllAsync(options));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<List<string>> TenantsInAsync(PostgresTenantTransaction transaction, string table)
    {
        await using var command = transaction.CreateCommand($"SELECT DISTINCT tenant_id COLLATE \"C\" FROM {table} ORDER BY 1");
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }

    private static async Task<T> ScalarAsync<T>(PostgresTenantTransaction transaction, string sql)
    {
        await using var command = transaction.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(PostgresTenantTransaction transaction, string sql, string tenant)
    {
        await using var command = transaction.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>A statement on a connection that set nothing (no transaction of Whizbang's).</summary>
    private static async Task<T> PlainScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static EventData Event(string name) => new(Guid.CreateVersion7(), name, "{}"u8.ToArray(), "{}"u8.ToArray());

    /// <summary>An inline projection writing one document per event, keyed by its stream id, in its tenant or in <c>writeAs</c>.</summary>
    private sealed class DocumentPerEvent(string projection, string? writeAs) : IInlineProjector
    {
        public IReadOnlyList<string> Projections { get; } = [projection];

        public async ValueTask ProjectAsync(IReadOnlyList<RecordedEvent> events, IInlineProjectionSession session, CancellationToken cancellationToken)
        {
            var generation = session.LiveGeneration(projection) ?? throw new InvalidOperationException($"Projection {projection} has no live generation.");
            var writes = events.Select(e => new DocumentWrite(new DocumentKey(writeAs ?? e.Stream.Tenant, e.Stream.Id), "{}"u8.ToArray())).ToList();
            await session.WriteAsync(projection, generation, writes, cancellationToken);
        }
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
