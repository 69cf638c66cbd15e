using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Outbox;
using Whizbang.Postgres;
using Whizbang.Projections.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL event store (with its projection storage and message store) inside <c>AddWhizbang(b => ...)</c>.</summary>
public static class PostgresWhizbangBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgresEventStore"/> over the <see cref="NpgsqlDataSource"/> registered in the container
    /// (for example with Npgsql's <c>AddNpgsqlDataSource</c>) as the event store, and a
    /// <see cref="PostgresProjectionStorage"/> in the same schema as the projection storage and a
    /// <see cref="PostgresMessageStore"/> in the same schema as the outbox and inbox (which the event store's appends write
    /// in their own transaction), replacing earlier choices (call <c>UseProjectionStorage</c> afterwards to keep
    /// projections elsewhere). The schema is created or migrated on first use.
    /// </summary>
    public static WhizbangBuilder UsePostgresEventStore(this WhizbangBuilder builder, PostgresEventStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(services => new PostgresEventStore(DataSource(services), options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IProjectionStorage>(services => new PostgresProjectionStorage(DataSource(services), options, services.GetService<ILoggerFactory>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(services
            => new PostgresMessageStore(DataSource(services), options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>())));
        return builder;
    }

    /// <summary>
    /// Uses a <see cref="PostgresEventStore"/> over <paramref name="dataSource"/> as the event store, and a
    /// <see cref="PostgresProjectionStorage"/> in the same schema as the projection storage and a
    /// <see cref="PostgresMessageStore"/> in the same schema as the outbox and inbox, replacing earlier choices.
    /// </summary>
    public static WhizbangBuilder UsePostgresEventStore(this WhizbangBuilder builder, NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(services => new PostgresEventStore(dataSource, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IProjectionStorage>(services => new PostgresProjectionStorage(dataSource, options, services.GetService<ILoggerFactory>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(services
            => new PostgresMessageStore(dataSource, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>())));
        return builder;
    }

    /// <summary>
    /// Keeps each tenant's events, projections, outbox and inbox in a schema of its own in the database of
    /// <paramref name="dataSource"/> (which all tenants share, and the caller keeps owning), replacing earlier store
    /// choices: every read and write goes to the schema of the tenant it concerns, a tenant not in the catalogue gets
    /// <see cref="Whizbang.Tenancy.UnknownTenantException"/>, and Whizbang runs a projection daemon, an outbox relay and a purge
    /// per tenant. <paramref name="configureTenants"/> adds the tenants known at startup; the
    /// <see cref="PostgresTenantSchemas"/> singleton in the container adds more while the application runs. Data of no
    /// known tenant is kept in <paramref name="options"/>' <see cref="PostgresEventStoreOptions.Schema"/>. Each schema is
    /// created or migrated on first use.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddWhizbang(b => b.UsePostgresSchemaPerTenant(dataSource, tenants => tenants
    ///     .Add("acme")                        // schema whizbang_acme
    ///     .Add("Globex Corp.", "globex")));   // an id that cannot be part of a schema name: the schema is given
    /// </code>
    /// </example>
    public static WhizbangBuilder UsePostgresSchemaPerTenant(
        this WhizbangBuilder builder, NpgsqlDataSource dataSource, Action<PostgresTenantSchemas> configureTenants, PostgresEventStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(configureTenants);
        return builder.UseStoresPerTenant(services =>
        {
            var tenants = new PostgresTenantSchemas(dataSource, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
            configureTenants(tenants);
            return tenants;
        });
    }

    /// <summary>
    /// Keeps each tenant's events, projections, outbox and inbox in a database of its own, replacing earlier store
    /// choices: every read and write goes to the database of the tenant it concerns, a tenant not in the catalogue gets
    /// <see cref="Whizbang.Tenancy.UnknownTenantException"/>, and Whizbang runs a projection daemon, an outbox relay and a purge
    /// per tenant. <paramref name="configureTenants"/> adds the tenants known at startup; the
    /// <see cref="PostgresTenantDatabases"/> singleton in the container adds more while the application runs (the data
    /// sources it creates for connection strings are disposed with the container). Data of no known tenant is kept in
    /// <paramref name="home"/>'s database, which stays the caller's. Every database keeps its tables in
    /// <paramref name="options"/>' <see cref="PostgresEventStoreOptions.Schema"/>, created or migrated on first use.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddWhizbang(b => b.UsePostgresDatabasePerTenant(homeDataSource, tenants => tenants
    ///     .Add("acme", "Host=db1;Database=acme;Username=app")
    ///     .Add("globex", globexDataSource)));
    /// </code>
    /// </example>
    public static WhizbangBuilder UsePostgresDatabasePerTenant(
        this WhizbangBuilder builder, NpgsqlDataSource home, Action<PostgresTenantDatabases> configureTenants, PostgresEventStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(configureTenants);
        return builder.UseStoresPerTenant(services =>
        {
            var tenants = new PostgresTenantDatabases(home, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
            try
            {
                configureTenants(tenants);
            }
            catch
            {
                tenants.Dispose();
                throw;
            }

            return tenants;
        });
    }

    private static NpgsqlDataSource DataSource(IServiceProvider services)
        => services.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException(
            "UsePostgresEventStore() needs an NpgsqlDataSource in the container: register one (services.AddSingleton(NpgsqlDataSource.Create(connectionString))) or call UsePostgresEventStore(dataSource).");
}
