using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>The <see cref="IProjectionStore{TDocument}"/> of one projection; <paramref name="tenant"/> null means the ambient tenant.</summary>
internal sealed class ProjectionStore<TDocument>(string projection, IProjectionStorage storage, JsonTypeInfo<TDocument> json, string? tenant) : IProjectionStore<TDocument>
    where TDocument : class
{
    public string Tenant => tenant ?? EventSourcingServices.AmbientTenant;

    public async ValueTask<TDocument?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        var key = Key(id);
        var stored = await storage.FindAsync(projection, key, cancellationToken).ConfigureAwait(false);
        return stored is { } data ? Deserialize(key.Id, data) : null;
    }

    public async ValueTask<DocumentPage<TDocument>> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stored = await storage.QueryAsync(projection, Tenant, query, cancellationToken).ConfigureAwait(false);
        var documents = new TDocument[stored.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = Deserialize(stored[i].Id, stored[i].Data);
        }

        return new DocumentPage<TDocument>(documents, stored.Count == query.Take ? stored[^1].Id : null);
    }

    public IProjectionStore<TDocument> ForTenant(string tenant)
    {
        _ = new StreamId(tenant, "-"); // a tenant follows the rules of a stream id's tenant
        return new ProjectionStore<TDocument>(projection, storage, json, tenant);
    }

    private DocumentKey Key(string id)
    {
        var stream = new StreamId(Tenant, id); // a document id follows the rules of a stream id
        return new DocumentKey(stream.Tenant, stream.Id);
    }

    private TDocument Deserialize(string id, ReadOnlyMemory<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize(data.Span, json) ?? throw new JsonException("The stored document is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"Projection '{projection}': the stored {typeof(TDocument).Name} '{id}' of tenant '{Tenant}' is not valid JSON for the type ({e.Message}).", e);
        }
    }
}
