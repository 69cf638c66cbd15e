namespace Whizbang.Postgres;

/// <summary>Where and how <see cref="PostgresEventStore"/> keeps its tables.</summary>
public sealed class PostgresEventStoreOptions
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "whizbang";

    /// <summary>
    /// The schema that holds the store's tables (<c>events</c>, <c>streams</c>, the projections' <c>projection_*</c> tables, <c>outbox</c>, <c>inbox</c>, <c>dead_letters</c> and <c>schema_version</c>), created on
    /// first use. 1 to 63 lowercase ASCII letters, digits and underscores, starting with a letter or an underscore.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Whether the store prepares its statements on each pooled connection (the default), so that they are parsed and
    /// planned once per connection rather than once per call. Turn it off behind a connection pooler that cannot
    /// keep prepared statements, such as PgBouncer before 1.21 in transaction mode.
    /// </summary>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>
    /// Whether the store refuses to start (<see cref="InvalidOperationException"/> from its first call) when the role it
    /// connects as ignores row-level security: a superuser, or a role with <c>BYPASSRLS</c>. Through such a role the
    /// database keeps no tenant from another's rows, and only Whizbang's own checks do. Off by default, so that
    /// development setups connecting as <c>postgres</c> keep working (with a warning logged once); turn it on in
    /// production. See docs/postgres-tenancy.md for the role to create.
    /// </summary>
    public bool RequireRowLevelSecurity { get; set; }

    /// <summary>A copy of these options whose tables live in <paramref name="schema"/>: one tenant's, or the home schema.</summary>
    internal PostgresEventStoreOptions WithSchema(string schema) => new()
    {
        Schema = schema,
        PrepareStatements = PrepareStatements,
        RequireRowLevelSecurity = RequireRowLevelSecurity,
    };
}
