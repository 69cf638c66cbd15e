namespace Whizbang.Projections.Storage;

/// <summary>A document's key within a projection generation: its tenant and id.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Id">The document id (1 to 200 characters, no control characters, as for stream ids).</param>
public readonly record struct DocumentKey(string Tenant, string Id);
