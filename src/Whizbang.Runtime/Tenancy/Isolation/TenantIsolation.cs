namespace Whizbang.Tenancy;

/// <summary>
/// Where tenants' data is kept when they do not share tables. Sharing tables, with a tenant column that every key
/// includes (and row-level security on PostgreSQL), is the default and needs no catalogue.
/// </summary>
public enum TenantIsolation
{
    /// <summary>Each tenant has the tables of its own schema in one database (PostgreSQL).</summary>
    SchemaPerTenant,

    /// <summary>Each tenant has its own database (a PostgreSQL database, a SQLite file, an in-memory store).</summary>
    DatabasePerTenant,
}
