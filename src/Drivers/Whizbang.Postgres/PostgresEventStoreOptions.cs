namespace Whizbang.Postgres;

/// <summary>Where and how <see cref="PostgresEventStore"/> keeps its tables.</summary>
public sealed class PostgresEventStoreOptions
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "whizbang";

    /// <summary>
    /// The schema that holds the store's tables (<c>events</c>, <c>streams</c>, <c>schema_version</c>), created on
    /// first use. 1 to 63 lowercase ASCII letters, digits and underscores, starting with a letter or an underscore.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;
}
