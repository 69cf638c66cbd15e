using Whizbang.Conformance.Postgres;
using Whizbang.EventSourcing;
using Whizbang.Postgres;

namespace Whizbang.Conformance;

/// <summary>The contract on PostgreSQL, in a schema of this class's own (see <see cref="PostgresServer"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreConformance(PostgresServer server) : EventStoreConformance
{
    protected override IEventStore Store { get; } =
        new PostgresEventStore(server.DataSource, new PostgresEventStoreOptions { Schema = server.SchemaFor(typeof(PostgresEventStoreConformance)) });
}
