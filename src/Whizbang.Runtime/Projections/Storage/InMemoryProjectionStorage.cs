using System.Globalization;
using System.Text.Json;
using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>
/// Projection storage in process memory, for tests and prototypes, beside the <see cref="InMemoryEventStore"/>: the
/// same contract and the same errors as the database drivers, nothing survives the process. Thread-safe (one lock);
/// documents are copied in and out, so no caller can change what another reads. Leases run on the given clock.
/// </summary>
/// <remarks>
/// Ids sort by Unicode code point, the order PostgreSQL's "C" collation and SQLite's binary collation give UTF-8
/// text; it is .NET's ordinal order except that characters beyond U+FFFF sort after U+E000 to U+FFFF.
/// </remarks>
public sealed class InMemoryProjectionStorage : IProjectionStorage
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly InMemoryEventStore? _events;
    private readonly SortedDictionary<string, List<Generation>> _projections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ProjectionFailure>> _failures = new(StringComparer.Ordinal);

    /// <summary>Creates an empty storage.</summary>
    /// <param name="clock">The clock leases run on; the system clock when null.</param>
    /// <param name="events">
    /// The event store beside it, if any: its appends then update this storage's inline projections in the same step,
    /// and an inline projection's new generation switches over without missing an append.
    /// </param>
    public InMemoryProjectionStorage(TimeProvider? clock = null, InMemoryEventStore? events = null)
    {
        _clock = clock ?? TimeProvider.System;
        _events = events;
        events?.Attach(this);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ProjectionGeneration>> RegisterAsync(
        string projection, GlobalPosition start, GenerationStatus status = GenerationStatus.Live, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateRegister(projection, start, status);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (!_projections.TryGetValue(projection, out var generations))
            {
                _projections[projection] = generations = [new Generation(projection, 1, status, start, now)];
            }

            return ValueTask.FromResult(Snapshot(generations));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ProjectionGeneration>> GetGenerationsAsync(string? projection = null, CancellationToken cancellationToken = default)
    {
        if (projection is not null)
        {
            ProjectionStorageArguments.ValidateProjection(projection);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (projection is not null)
            {
                return ValueTask.FromResult(_projections.TryGetValue(projection, out var generations) ? Snapshot(generations) : []);
            }

            return ValueTask.FromResult<IReadOnlyList<ProjectionGeneration>>([.. _projections.Values.SelectMany(Snapshot)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<ProjectionGeneration> StartRebuildAsync(string projection, GlobalPosition start, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidatePosition(start, nameof(start));
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (!_projections.TryGetValue(projection, out var generations))
            {
                throw new InvalidOperationException($"Projection '{projection}' cannot be rebuilt: it is not registered.");
            }

            if (generations.Find(g => g.Status == GenerationStatus.Building) is { } building)
            {
                throw new InvalidOperationException($"Projection '{projection}' is being rebuilt already (generation {building.Number}); wait until it goes live.");
            }

            var rebuild = new Generation(projection, generations[^1].Number + 1, GenerationStatus.Building, start, now);
            generations.Add(rebuild);
            return ValueTask.FromResult(rebuild.ToRecord());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireLeaseAsync(string projection, int generation, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLease(projection, generation, owner, duration);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var row = Find(projection, generation);
            if (row is null || row.Status == GenerationStatus.Retired
                || (row.LeaseOwner is not null && row.LeaseOwner != owner && row.LeaseExpires > now))
            {
                return ValueTask.FromResult(false);
            }

            row.LeaseOwner = owner;
            row.LeaseExpires = now + duration;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseLeaseAsync(string projection, int generation, string owner, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateGeneration(projection, generation);
        ProjectionStorageArguments.ValidateOwner(owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Find(projection, generation) is { } row && row.LeaseOwner == owner)
            {
                row.LeaseOwner = null;
                row.LeaseExpires = null;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>> LoadAsync(
        string projection, int generation, IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateLoad(projection, generation, keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new Dictionary<DocumentKey, ReadOnlyMemory<byte>>();
        lock (_gate)
        {
            if (Find(projection, generation) is { } row)
            {
                foreach (var key in keys)
                {
                    if (row.Documents.TryGetValue(key, out var data))
                    {
                        found[key] = data.ToArray();
                    }
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<DocumentKey, ReadOnlyMemory<byte>>>(found);
    }

    /// <inheritdoc />
    public async ValueTask<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateCommit(commit, checkJson: true);
        cancellationToken.ThrowIfCancellationRequested();
        if (!(commit.Activate && commit.InlineEventNames is { } names && _events is not null))
        {
            return Commit(commit, commit.Activate);
        }

        // An inline projection switches only with no append in flight and none it has not read.
        await _events.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Commit(commit, activate: !_events.HasEventsAfter(commit.To, names));
        }
        finally
        {
            _events.Writer.Release();
        }
    }

    /// <summary>Stores inline writes to a generation (unfenced: the append's transaction is the fence).</summary>
    internal void WriteInline(string projection, int generation, IReadOnlyList<DocumentWrite> writes)
    {
        var copies = ProjectionStorageArguments.LastWritePerKey(writes).Select(w => (w.Key, Data: w.Data?.ToArray())).ToList();
        lock (_gate)
        {
            if (Find(projection, generation) is { Status: not GenerationStatus.Retired } row)
            {
                Apply(row, copies);
            }
        }
    }

    /// <summary>The live generation of <paramref name="projection"/>, if it has one.</summary>
    internal int? LiveGenerationOf(string projection)
    {
        lock (_gate)
        {
            return Live(projection)?.Number;
        }
    }

    private bool Commit(ProjectionCommit commit, bool activate)
    {
        // Copied before the lock: the caller's buffers may change once this returns, the stored documents must not.
        var writes = ProjectionStorageArguments.LastWritePerKey(commit.Writes)
            .Select(w => (w.Key, Data: w.Data is { } data ? data.ToArray() : null))
            .ToList();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var row = Find(commit.Projection, commit.Generation);
            if (row is null || row.Status == GenerationStatus.Retired || row.LeaseOwner != commit.Owner || !(row.LeaseExpires > now) || row.Checkpoint != commit.From)
            {
                return false;
            }

            Apply(row, writes);

            if (commit.Failures.Count > 0)
            {
                if (!_failures.TryGetValue(commit.Projection, out var failures))
                {
                    _failures[commit.Projection] = failures = [];
                }

                failures.AddRange(commit.Failures);
            }

            row.Checkpoint = commit.To;
            if (commit.State != ProjectionRunState.Running)
            {
                // A commit that keeps running leaves the stored state alone, so an operator's pause during the batch holds.
                row.State = commit.State;
                row.Error = commit.Error;
            }

            row.UpdatedAt = now;
            if (activate && row.Status == GenerationStatus.Building)
            {
                foreach (var live in _projections[commit.Projection].Where(g => g.Status == GenerationStatus.Live))
                {
                    live.Status = GenerationStatus.Retired;
                    live.LeaseOwner = null;
                    live.LeaseExpires = null;
                    live.UpdatedAt = now;
                    live.Documents.Clear();
                }

                row.Status = GenerationStatus.Live;
            }

            return true;
        }
    }

    private static void Apply(Generation row, List<(DocumentKey Key, byte[]? Data)> writes)
    {
        foreach (var (key, data) in writes)
        {
            if (data is null)
            {
                row.Documents.Remove(key);
            }
            else
            {
                row.Documents[key] = data;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SetStateAsync(string projection, int generation, ProjectionRunState state, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateState(projection, generation, state);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (Find(projection, generation) is not { Status: not GenerationStatus.Retired } row)
            {
                return ValueTask.FromResult(false);
            }

            row.State = state;
            if (state == ProjectionRunState.Running)
            {
                row.Error = null;
            }

            row.UpdatedAt = now;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ProjectionFailure>> GetFailuresAsync(string projection, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateFailures(projection, maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(projection);
            if (failures is null)
            {
                return ValueTask.FromResult<IReadOnlyList<ProjectionFailure>>([]);
            }

            var newest = new List<ProjectionFailure>(Math.Min(maxCount, failures.Count));
            for (var i = failures.Count - 1; i >= 0 && newest.Count < maxCount; i--)
            {
                newest.Add(failures[i]);
            }

            return ValueTask.FromResult<IReadOnlyList<ProjectionFailure>>(newest);
        }
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>?> FindAsync(string projection, DocumentKey key, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateProjection(projection);
        ProjectionStorageArguments.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Live(projection) is { } live && live.Documents.TryGetValue(key, out var data)
                ? ValueTask.FromResult<ReadOnlyMemory<byte>?>(data.ToArray())
                : ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredDocument>> QueryAsync(string projection, string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ProjectionStorageArguments.ValidateQuery(projection, tenant, query);
        cancellationToken.ThrowIfCancellationRequested();
        List<(string Id, byte[] Data)> candidates = [];
        lock (_gate)
        {
            if (Live(projection) is { } live)
            {
                foreach (var (key, data) in live.Documents)
                {
                    if (key.Tenant == tenant && (query.AfterId is null || CompareIds(key.Id, query.AfterId) > 0))
                    {
                        candidates.Add((key.Id, data));
                    }
                }
            }
        }

        // The stored arrays are never changed in place (a write replaces them), so they can be read outside the lock.
        candidates.Sort((left, right) => CompareIds(left.Id, right.Id));
        var page = new List<StoredDocument>(Math.Min(query.Take, candidates.Count));
        foreach (var (id, data) in candidates)
        {
            if (page.Count == query.Take)
            {
                break;
            }

            if (Matches(data, query.Filters))
            {
                page.Add(new StoredDocument(id, data.ToArray()));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<StoredDocument>>(page);
    }

    /// <summary>Unicode code point order: UTF-16 ordinal order with surrogates moved above U+E000 to U+FFFF.</summary>
    private static int CompareIds(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            if (left[i] != right[i])
            {
                return CodePointRank(left[i]) - CodePointRank(right[i]);
            }
        }

        return left.Length - right.Length;

        static int CodePointRank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    private static bool Matches(byte[] data, IReadOnlyList<DocumentFilter> filters)
    {
        if (filters.Count == 0)
        {
            return true;
        }

        using var document = JsonDocument.Parse(data);
        foreach (var filter in filters)
        {
            if (!Matches(document.RootElement, filter))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(JsonElement root, DocumentFilter filter)
    {
        // The last of duplicate properties counts, as in PostgreSQL's jsonb.
        JsonElement? value = null;
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals(filter.Property))
                {
                    value = property.Value;
                }
            }
        }

        return filter.Kind switch
        {
            JsonValueKind.Null => value is null || value.Value.ValueKind == JsonValueKind.Null,
            JsonValueKind.String => value is { ValueKind: JsonValueKind.String } text && text.GetString() == filter.Value,
            JsonValueKind.Number => value is { ValueKind: JsonValueKind.Number } number && SameNumber(number.GetRawText(), filter.Value!),
            _ => value?.ValueKind == filter.Kind,
        };
    }

    private static bool SameNumber(string stored, string wanted)
    {
        const NumberStyles Style = NumberStyles.Float;
        if (decimal.TryParse(stored, Style, CultureInfo.InvariantCulture, out var left) && decimal.TryParse(wanted, Style, CultureInfo.InvariantCulture, out var right))
        {
            return left == right;
        }

        return double.Parse(stored, Style, CultureInfo.InvariantCulture) == double.Parse(wanted, Style, CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<ProjectionGeneration> Snapshot(List<Generation> generations)
        => [.. generations.Where(g => g.Status != GenerationStatus.Retired).Select(g => g.ToRecord())];

    private Generation? Find(string projection, int generation)
        => _projections.TryGetValue(projection, out var generations) ? generations.Find(g => g.Number == generation) : null;

    private Generation? Live(string projection)
        => _projections.TryGetValue(projection, out var generations) ? generations.Find(g => g.Status == GenerationStatus.Live) : null;

    /// <summary>One generation's row and documents; changed only under the storage's lock.</summary>
    private sealed class Generation(string projection, int number, GenerationStatus status, GlobalPosition checkpoint, DateTimeOffset now)
    {
        public int Number { get; } = number;

        public GenerationStatus Status { get; set; } = status;

        public GlobalPosition Checkpoint { get; set; } = checkpoint;

        public ProjectionRunState State { get; set; }

        public string? Error { get; set; }

        public string? LeaseOwner { get; set; }

        public DateTimeOffset? LeaseExpires { get; set; }

        public DateTimeOffset UpdatedAt { get; set; } = now;

        public Dictionary<DocumentKey, byte[]> Documents { get; } = [];

        public ProjectionGeneration ToRecord() => new(projection, Number, Status, Checkpoint, State, Error, LeaseOwner, LeaseExpires, UpdatedAt);
    }
}
