namespace Whizbang.Projections.Storage;

/// <summary>Projection documents as seen and written by one append's transaction.</summary>
public interface IInlineProjectionSession
{
    /// <summary>
    /// The live generation of <paramref name="projection"/>, which cannot change before the transaction ends; null
    /// while it has none (its first generation is still being built, and will read these events itself).
    /// </summary>
    int? LiveGeneration(string projection);

    /// <summary>The stored documents among <paramref name="keys"/> (missing keys are absent from the result).</summary>
    ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken);

    /// <summary>Writes document changes (a later change to the same key wins); they commit or roll back with the append.</summary>
    ValueTask WriteAsync(string projection, int generation, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken);
}
