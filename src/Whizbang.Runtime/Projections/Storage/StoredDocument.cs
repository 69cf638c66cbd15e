namespace Whizbang.Projections.Storage;

/// <summary>A document as stored: its id and UTF-8 JSON (on PostgreSQL in jsonb's normalized form).</summary>
/// <param name="Id">The document id.</param>
/// <param name="Data">The document's JSON.</param>
public sealed record StoredDocument(string Id, ReadOnlyMemory<byte> Data);
