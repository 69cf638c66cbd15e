namespace Whizbang.Projections.Storage;

/// <summary>A change to one document: its new UTF-8 JSON, or null to delete it.</summary>
/// <param name="Key">The document.</param>
/// <param name="Data">The document's JSON; null deletes the document (deleting a missing one is no error).</param>
public readonly record struct DocumentWrite(DocumentKey Key, ReadOnlyMemory<byte>? Data);
