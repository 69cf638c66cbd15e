namespace Whizbang.Tenancy;

/// <summary>
/// Thrown when code reads or writes the data of a tenant that has no schema or database of its own in the
/// <see cref="TenantStoreCatalogue"/>. Nothing was read or written.
/// </summary>
public sealed class UnknownTenantException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="tenant"/>.</summary>
    public UnknownTenantException(string tenant, TenantIsolation isolation)
        : base($"Tenant '{tenant}' is not known: with {Describe(isolation)} per tenant, a tenant's data lives in its own {Place(isolation)}, "
            + $"and '{tenant}' has none. Add it to the tenant catalogue (at startup, or later through the catalogue in the container) before using it. "
            + "Nothing was read or written.")
    {
        Tenant = tenant;
        Isolation = isolation;
    }

    /// <summary>The tenant that is not known.</summary>
    public string Tenant { get; }

    /// <summary>How the catalogue keeps tenants apart.</summary>
    public TenantIsolation Isolation { get; }

    private static string Describe(TenantIsolation isolation) => isolation == TenantIsolation.SchemaPerTenant ? "a schema" : "a database";

    private static string Place(TenantIsolation isolation) => isolation == TenantIsolation.SchemaPerTenant ? "schema" : "database";
}
