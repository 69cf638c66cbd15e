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

    private static NpgsqlDataSource DataSource(IServiceProvider services)
        => services.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException(
            "UsePostgresEventStore() needs an NpgsqlDataSource in the container: register one (services.AddSingleton(NpgsqlDataSource.Create(connectionString))) or call UsePostgresEventStore(dataSource).");
}
