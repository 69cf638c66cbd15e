using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.Tenancy;

namespace Whizbang.Postgres;

/// <summary>
/// A schema per tenant on PostgreSQL: each tenant's events, projections, outbox and inbox are kept in the tables of a
/// schema of its own, all in one database reached through one <see cref="NpgsqlDataSource"/>. Data of no known tenant
/// (dead letters of messages whose tenant is missing or unknown) is kept in the configured
/// <see cref="PostgresEventStoreOptions.Schema"/>, the home schema. Each schema is created or migrated when its tenant's
/// stores are first used, as <c>UsePostgresEventStore</c>'s schema is. Registered in the container by
/// <c>UsePostgresSchemaPerTenant</c>; resolve it (or <see cref="TenantStoreCatalogue"/>) to add tenants while the
/// application runs.
/// </summary>
/// <example>
/// <code>
/// services.AddWhizbang(b => b.UsePostgresSchemaPerTenant(dataSource, tenants => tenants
///     .Add("acme")                        // schema whizbang_acme
///     .Add("Globex Corp.", "globex")));   // an id that cannot be part of a schema name: the schema is given
///
/// // Later, when a tenant signs up: usable at once, its schema is created on its first write.
/// app.Services.GetRequiredService&lt;PostgresTenantSchemas&gt;().Add("initech");
/// </code>
/// </example>
public sealed class PostgresTenantSchemas : TenantStoreCatalogue
{
    private static readonly System.Buffers.SearchValues<char> DerivableTenant = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreFactory _stores;

    /// <summary>
    /// Creates a catalogue with no tenants over <paramref name="dataSource"/>, which every tenant shares (the caller keeps
    /// owning it). The home schema is <paramref name="options"/>' <see cref="PostgresEventStoreOptions.Schema"/>; every
    /// tenant's stores use the same <see cref="PostgresEventStoreOptions.PrepareStatements"/> and
    /// <see cref="PostgresEventStoreOptions.RequireRowLevelSecurity"/>. The options are read now; later changes to them are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The options' schema is not a valid schema name.</exception>
    /// <example>
    /// <code>
    /// var tenants = new PostgresTenantSchemas(dataSource, new PostgresEventStoreOptions { Schema = "app" }).Add("acme"); // schema app_acme
    /// await tenants.StoresOf("acme").Events.AppendAsync(new StreamId("acme", "order-1"), ExpectedVersion.NoStream, events);
    /// </code>
    /// </example>
    public PostgresTenantSchemas(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), new PostgresStoreFactory(options, clock, loggerFactory))
    {
    }

    private PostgresTenantSchemas(NpgsqlDataSource dataSource, PostgresStoreFactory stores)
        : base(TenantIsolation.SchemaPerTenant, () => stores.Create(dataSource, stores.Options.Schema), stores.Options.Schema)
    {
        _dataSource = dataSource;
        _stores = stores;
    }

    /// <summary>The schema of data that belongs to no known tenant: the configured <see cref="PostgresEventStoreOptions.Schema"/>.</summary>
    /// <example><c>new PostgresTenantSchemas(dataSource).HomeSchema</c> is <c>"whizbang"</c>.</example>
    public string HomeSchema => _stores.Options.Schema;

    /// <summary>The schema that keeps <paramref name="tenant"/>'s tables, for SQL of the application's own (reports, maintenance).</summary>
    /// <exception cref="UnknownTenantException">The tenant has no schema in the catalogue.</exception>
    /// <example><c>tenants.Add("acme").SchemaOf("acme")</c> is <c>"whizbang_acme"</c>.</example>
    public string SchemaOf(string tenant) => PlaceOf(tenant)!;

    /// <summary>
    /// Gives <paramref name="tenant"/> the tables of <paramref name="schema"/>, created or migrated on the tenant's first
    /// read or write. Without a schema, the tenant's is <c>{home schema}_{tenant}</c>, which needs a tenant id of
    /// lowercase ASCII letters, digits and underscores only (it is written into SQL text) and a name of at most 63
    /// characters; give any other tenant's schema explicitly. Usable at once, also after the application has started.
    /// </summary>
    /// <param name="tenant">The tenant id, as the application's streams and messages carry it.</param>
    /// <param name="schema">The tenant's schema: 1 to 63 lowercase ASCII letters, digits and underscores, starting with a
    /// letter or an underscore and not with <c>pg_</c>; null to derive it from the tenant id.</param>
    /// <returns>This catalogue, to add more tenants.</returns>
    /// <exception cref="ArgumentException">The tenant id is not valid or is in the catalogue already; no schema was given
    /// and none can be derived from the tenant id; or the schema is not a valid name, is the home schema or is another
    /// tenant's.</exception>
    /// <example>
    /// <code>
    /// tenants.Add("acme")                               // schema whizbang_acme
    ///        .Add("b2b-42", "tenant_b2b_42")            // a hyphen cannot be part of a derived schema name
    ///        .Add("Zürich AG", "tenant_zurich");
    /// </code>
    /// </example>
    public PostgresTenantSchemas Add(string tenant, string? schema = null)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        schema ??= Derive(tenant);
        if (!PostgresIdentifier.IsValid(schema))
        {
            throw new ArgumentException(
                $"'{schema}' cannot be tenant '{tenant}''s schema: use 1 to {PostgresIdentifier.MaxLength} lowercase ASCII letters, digits and underscores, "
                + "starting with a letter or an underscore and not with 'pg_'.",
                nameof(schema));
        }

        Register(tenant, schema, nameof(schema), () => _stores.Create(_dataSource, schema));
        return this;
    }

    private string Derive(string tenant)
    {
        var derived = $"{HomeSchema}_{tenant}";
        return tenant.AsSpan().ContainsAnyExcept(DerivableTenant) || !PostgresIdentifier.IsValid(derived)
            ? throw new ArgumentException(
                $"No schema can be derived for tenant '{tenant}': a derived schema is '{{home schema}}_{{tenant}}', which needs a tenant id of lowercase ASCII letters, "
                + $"digits and underscores and a name of at most {PostgresIdentifier.MaxLength} characters. Give the tenant's schema explicitly: Add(tenant, \"schema_name\").",
                nameof(tenant))
            : derived;
    }
}
