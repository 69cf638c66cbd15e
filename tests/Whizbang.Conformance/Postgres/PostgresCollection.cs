namespace Whizbang.Conformance.Postgres;

/// <summary>
/// Every PostgreSQL test class belongs here: the server starts once per run, and the classes run one after another,
/// because gap-safe read-all waits for every transaction in the cluster, and one class's open transactions would
/// hold back another's reads.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
