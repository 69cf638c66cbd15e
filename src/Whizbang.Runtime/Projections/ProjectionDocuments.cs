using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Reads stored documents back, with an error that names the projection, document and tenant when one is not valid.</summary>
internal static class ProjectionDocuments
{
    public static TDocument Deserialize<TDocument>(string projection, DocumentKey key, ReadOnlyMemory<byte> json, JsonTypeInfo<TDocument> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, typeInfo) ?? throw new JsonException("The stored document is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"Projection '{projection}': the stored {typeof(TDocument).Name} '{key.Id}' of tenant '{key.Tenant}' is not valid JSON for the type ({e.Message}).", e);
        }
    }
}
