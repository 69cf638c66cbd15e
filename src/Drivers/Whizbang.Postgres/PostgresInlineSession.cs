using Npgsql;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.Postgres;

/// <summary>
/// An inline append's view of projection documents: reads and writes run on the append's connection, in its
/// transaction, so they commit or roll back with the events. Only the projections the append holds the gates of
/// (<see cref="IInlineProjector.Projections"/>) can be used: their live generations cannot change meanwhile.
/// </summary>
/// <remarks>
/// Appends to different streams run at once and may update the same document, so a read locks the documents it
/// finds until the append commits (a concurrent append reads them after that, as this one left them), and a document
/// it found missing is inserted, never upserted: when another append created it meanwhile, the insert fails with a
/// unique violation and <see cref="PostgresEventStore"/> runs the append again, which then finds it. The append's
/// tenant settings confine the session too: documents of other tenants are neither found nor written.
/// </remarks>
internal sealed class PostgresInlineSession(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    PostgresProjectionSql sql,
    bool prepareStatements,
    IReadOnlyList<string> projections,
    IReadOnlyDictionary<string, int> liveGenerations,
    string? isolatedTenant) : IInlineProjectionSession
{
    private readonly Dictionary<(string Projection, int Generation), HashSet<DocumentKey>> _missing = [];

    public int? LiveGeneration(string projection)
    {
        CheckHeld(projection);
        return liveGenerations.TryGetValue(projection, out var generation) ? generation : null;
    }

    public async ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken)
    {
        ProjectionStorageArguments.ValidateLoad(projection, generation, keys);
        CheckHeld(projection);
        if (keys.Count == 0)
        {
            return new Dictionary<DocumentKey, ReadOnlyMemory<byte>>();
        }

        // Locked in one order by every append, so that two appends loading the same documents never wait on each other in a cycle.
        var ordered = keys.Distinct().ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var byTenant = string.CompareOrdinal(a.Tenant, b.Tenant);
            return byTenant != 0 ? byTenant : string.CompareOrdinal(a.Id, b.Id);
        });

        var found = await PostgresDocuments.LoadAsync(connection, transaction, sql, prepareStatements, projection, generation, ordered, forUpdate: true, cancellationToken)
            .ConfigureAwait(false);
        var missing = Missing(projection, generation);
        foreach (var key in ordered)
        {
            if (found.ContainsKey(key))
            {
                missing.Remove(key);
            }
            else
            {
                missing.Add(key);
            }
        }

        return found;
    }

    public async ValueTask WriteAsync(string projection, int generation, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);

        // Checked here, as the in-memory store does, so that a document that is not JSON fails the same way on every
        // driver; jsonb would refuse it too, but only with the transaction already aborted.
        ProjectionStorageArguments.ValidateWrites(projection, generation, writes, checkJson: true);
        CheckHeld(projection);
        var last = ProjectionStorageArguments.LastWritePerKey(writes);
        if (last.Count == 0)
        {
            return;
        }

        var missing = Missing(projection, generation);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            PostgresDocuments.AddWriteCommands(batch, sql, projection, generation, last, missing);
            if (prepareStatements)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException error) when (PostgresDocuments.IsDataException(error))
            {
                throw PostgresDocuments.InvalidDocument(projection, generation, last, error, nameof(writes));
            }
            catch (PostgresException error) when (PostgresDocuments.ForeignWrite(error, last, isolatedTenant) is { } foreign)
            {
                throw new CrossTenantAccessException(isolatedTenant!, foreign.Key.Tenant, $"write document '{foreign.Key.Id}' of projection '{projection}'", error);
            }
        }

        // What this append wrote is what a later read in it finds.
        foreach (var write in last)
        {
            if (write.Data is null)
            {
                missing.Add(write.Key);
            }
            else
            {
                missing.Remove(write.Key);
            }
        }
    }

    private HashSet<DocumentKey> Missing(string projection, int generation)
    {
        if (!_missing.TryGetValue((projection, generation), out var missing))
        {
            _missing[(projection, generation)] = missing = [];
        }

        return missing;
    }

    private void CheckHeld(string projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        foreach (var held in projections)
        {
            if (string.Equals(held, projection, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new ArgumentException(
            $"Projection '{projection}' is not among the projections this append updates ({string.Join(", ", projections)}), so its live generation is not held for the append.",
            nameof(projection));
    }
}
