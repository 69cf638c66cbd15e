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
}
