namespace Whizbang.Projections.Storage;

/// <summary>
/// An in-memory append's view of projection documents: reads go to the storage, writes wait in the session until
/// the append commits, so a projection that throws leaves no document changed.
/// </summary>
internal sealed class InMemoryInlineSession(InMemoryProjectionStorage storage) : IInlineProjectionSession
{
    private readonly List<(string Projection, int Generation, IReadOnlyList<DocumentWrite> Writes)> _pending = [];

    public int? LiveGeneration(string projection) => storage.LiveGenerationOf(projection);

    public ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken)
        => storage.LoadAsync(projection, generation, keys, cancellationToken);

    public ValueTask WriteAsync(string projection, int generation, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateWrites(projection, generation, writes, checkJson: true);
        _pending.Add((projection, generation, writes));
        return ValueTask.CompletedTask;
    }

    /// <summary>Stores the pending writes; called once the append's events are stored.</summary>
    public void Commit()
    {
        foreach (var (projection, generation, writes) in _pending)
        {
            storage.WriteInline(projection, generation, writes);
        }
    }
}
