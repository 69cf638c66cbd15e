using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;
using Whizbang.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite event store (with its projection storage and message store) inside <c>AddWhizbang(b => ...)</c>.</summary>
public static class SqliteWhizbangBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteEventStore"/> over <paramref name="connectionString"/> (for example
    /// <c>"Data Source=events.db"</c>) as the event store, and a <see cref="SqliteProjectionStorage"/> in the same file
    /// as the projection storage and a <see cref="SqliteMessageStore"/> in the same file as the outbox and inbox (which the
    /// event store's appends write in their own transaction), one each per container, replacing earlier choices (call
    /// <c>UseProjectionStorage</c> afterwards to keep projections elsewhere). The schema is created on first use.
    /// </summary>
    public static WhizbangBuilder UseSqliteEventStore(this WhizbangBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(services => new SqliteEventStore(connectionString, services.GetService<TimeProvider>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IProjectionStorage>(services => new SqliteProjectionStorage(connectionString, services.GetService<TimeProvider>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(services => new SqliteMessageStore(connectionString, services.GetService<TimeProvider>())));
        return builder;
    }

    /// <summary>
    /// Keeps each tenant's events, projections, outbox and inbox in a SQLite file of its own, replacing earlier store
    /// choices: every read and write goes to the file of the tenant it concerns, a tenant not in the catalogue gets
    /// <see cref="Whizbang.Tenancy.UnknownTenantException"/>, and Whizbang runs a projection daemon, an outbox relay and a purge
    /// per tenant. <paramref name="configureTenants"/> adds the tenants known at startup; the
    /// <see cref="SqliteTenantDatabases"/> singleton in the container adds more while the application runs. Data of no
    /// known tenant is kept in <paramref name="homeConnectionString"/>'s file. Each file's tables are created on first use.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddWhizbang(b => b.UseSqliteDatabasePerTenant("Data Source=home.db", tenants => tenants
    ///     .Add("acme", "Data Source=tenants/acme.db")
    ///     .Add("globex", "Data Source=tenants/globex.db")));
    /// </code>
    /// </example>
    public static WhizbangBuilder UseSqliteDatabasePerTenant(this WhizbangBuilder builder, string homeConnectionString, Action<SqliteTenantDatabases> configureTenants)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(homeConnectionString);
        ArgumentNullException.ThrowIfNull(configureTenants);
        return builder.UseStoresPerTenant(services =>
        {
            var tenants = new SqliteTenantDatabases(homeConnectionString, services.GetService<TimeProvider>());
            configureTenants(tenants);
            return tenants;
        });
    }
}
