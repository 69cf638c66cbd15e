using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.Tenancy;

namespace Whizbang.Postgres;

/// <summary>
/// Makes the three stores of one schema in one database, as <c>UsePostgresEventStore</c> does: one tenant's, or the
/// home's. The options are a copy taken when the catalogue was created, so later changes to the caller's do not split
/// one catalogue's tenants between two configurations.
/// </summary>
internal sealed class PostgresStoreFactory
{
    public PostgresStoreFactory(PostgresEventStoreOptions? options, TimeProvider? clock, ILoggerFactory? loggerFactory)
    {
        options ??= new PostgresEventStoreOptions();
        PostgresIdentifier.Validate(options.Schema, nameof(options));
        Options = options.WithSchema(options.Schema);
        Clock = clock;
        LoggerFactory = loggerFactory;
    }

    public PostgresEventStoreOptions Options { get; }

    public TimeProvider? Clock { get; }

    public ILoggerFactory? LoggerFactory { get; }

    public TenantStores Create(NpgsqlDataSource dataSource, string schema)
    {
        var options = Options.WithSchema(schema);
        return new TenantStores(
            new PostgresEventStore(dataSource, options, Clock, LoggerFactory),
            new PostgresProjectionStorage(dataSource, options, LoggerFactory),
            new PostgresMessageStore(dataSource, options, Clock, LoggerFactory));
    }
}
