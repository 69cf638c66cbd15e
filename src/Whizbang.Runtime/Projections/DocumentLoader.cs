using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Reads the stored documents among <paramref name="keys"/> of the generation being written.</summary>
internal delegate ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> DocumentLoader(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken);
