using System.Text.Json.Serialization.Metadata;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Projections;

/// <summary>The <see cref="IProjectionStore{TDocument}"/> of one projection; <paramref name="tenant"/> null means the ambient tenant.</summary>
internal sealed class ProjectionStore<TDocument>(string projection, IProjectionStorage storage, JsonTypeInfo<TDocument> json, string? tenant) : IProjectionStore<TDocument>
    where TDocument : class
{
    public string Tenant => tenant ?? EventSourcingServices.AmbientTenant;

    public async ValueTask<TDocument?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        var key = new DocumentKey(Tenant, id);
        TenantContext.EnsureAccess(key.Tenant, "read projection", projection);
        var stored = await storage.FindAsync(projection, key, cancellationToken).ConfigureAwait(false);
        return stored is { } data ? ProjectionDocuments.Deserialize(projection, key, data, json) : null;
    }

    public async ValueTask<DocumentPage<TDocument>> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = Tenant; // read once: the ambient tenant is two async-local reads
        TenantContext.EnsureAccess(owner, "read projection", projection);
        var stored = await storage.QueryAsync(projection, owner, query, cancellationToken).ConfigureAwait(false);
        var documents = new TDocument[stored.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = ProjectionDocuments.Deserialize(projection, new DocumentKey(owner, stored[i].Id), stored[i].Data, json);
        }

        return new DocumentPage<TDocument>(documents, stored.Count == query.Take ? stored[^1].Id : null);
    }

    public IProjectionStore<TDocument> ForTenant(string tenant)
    {
        ProjectionStorageArguments.ValidateTenant(tenant);
        TenantContext.EnsureAccess(tenant, "read projection", projection);
        return new ProjectionStore<TDocument>(projection, storage, json, tenant);
    }
}
