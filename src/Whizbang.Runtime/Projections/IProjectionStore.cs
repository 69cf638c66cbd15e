namespace Whizbang.Projections;

/// <summary>
/// Reads the documents of the projection that builds <typeparamref name="TDocument"/>, in its live generation (a
/// rebuild in progress is never visible). Scoped to the ambient tenant (the tenant scope's or dispatch's, else the default tenant)
/// unless <see cref="ForTenant"/> says otherwise.
/// </summary>
/// <typeparam name="TDocument">The read model type.</typeparam>
public interface IProjectionStore<TDocument>
    where TDocument : class
{
    /// <summary>The tenant this store reads.</summary>
    string Tenant { get; }

    /// <summary>The document with <paramref name="id"/>, or null when there is none.</summary>
    ValueTask<TDocument?> LoadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of the documents matching <paramref name="query"/>, ordered by id.</summary>
    ValueTask<DocumentPage<TDocument>> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same store for <paramref name="tenant"/>: a cross-tenant read, refused unless the code runs for no tenant,
    /// for that same tenant, or inside a <see cref="Tenancy.CrossTenantAccess"/> grant.
    /// </summary>
    /// <exception cref="Tenancy.CrossTenantAccessException">The code runs for another tenant and holds no grant.</exception>
    [Tenancy.TenantAgnostic]
    IProjectionStore<TDocument> ForTenant(string tenant);
}
