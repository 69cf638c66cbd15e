using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;
using Whizbang.Hosting;
using Whizbang.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite event store inside <c>AddWhizbang(b => ...)</c>.</summary>
public static class SqliteWhizbangBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteEventStore"/> over <paramref name="connectionString"/> (for example
    /// <c>"Data Source=events.db"</c>) as the event store, one per container, replacing an earlier choice.
    /// The schema is created on first use.
    /// </summary>
    public static WhizbangBuilder UseSqliteEventStore(this WhizbangBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(services => new SqliteEventStore(connectionString, services.GetService<TimeProvider>())));
        return builder;
    }
}
