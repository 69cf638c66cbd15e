using Microsoft.Data.Sqlite;
using Whizbang.Projections.Storage;

namespace Whizbang.Sqlite;

/// <summary>Projection documents as an append's transaction reads and writes them.</summary>
internal sealed class SqliteInlineSession(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, int> live) : IInlineProjectionSession
{
    public int? LiveGeneration(string projection) => live.TryGetValue(projection, out var generation) ? generation : null;

    public async ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken)
    {
        ProjectionStorageArguments.ValidateLoad(projection, generation, keys);
        return await SqliteDocuments.LoadAsync(connection, transaction, projection, generation, keys, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(string projection, int generation, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateWrites(projection, generation, writes, checkJson: true);
        await SqliteDocuments.WriteAsync(connection, transaction, projection, generation, ProjectionStorageArguments.LastWritePerKey(writes), cancellationToken).ConfigureAwait(false);
    }
}
