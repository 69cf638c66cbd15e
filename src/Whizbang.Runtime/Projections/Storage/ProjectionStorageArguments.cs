using System.Buffers;
using System.Text.Json;
using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>
/// The checks every <see cref="IProjectionStorage"/> driver makes before it touches its database, so bad input fails
/// the same way everywhere and a refused call leaves nothing behind.
/// </summary>
public static class ProjectionStorageArguments
{
    /// <summary>The longest projection name accepted, in characters.</summary>
    public const int MaxProjectionLength = 100;

    /// <summary>The longest lease owner id accepted, in characters.</summary>
    public const int MaxOwnerLength = 200;

    /// <summary>The longest lease accepted: a worker renews its lease before every batch, so anything longer only blocks a dead worker's successor.</summary>
    public static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromDays(1);

    private static readonly SearchValues<char> ProjectionTail = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Throws when <paramref name="projection"/> is not 1 to 100 lowercase ASCII letters, digits and dashes starting with a letter.</summary>
    public static void ValidateProjection(string? projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (projection.Length is 0 or > MaxProjectionLength || projection[0] is not (>= 'a' and <= 'z') || projection.AsSpan(1).ContainsAnyExcept(ProjectionTail))
        {
            throw new ArgumentException(
                $"'{Printable(projection)}' is not a projection name: use 1 to {MaxProjectionLength} lowercase ASCII letters, digits and dashes, starting with a letter.",
                nameof(projection));
        }
    }

    /// <summary>Throws when <paramref name="projection"/> or <paramref name="generation"/> (from 1) cannot name a generation.</summary>
    public static void ValidateGeneration(string? projection, int generation)
    {
        ValidateProjection(projection);
        if (generation < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(generation), generation, $"Projection '{projection}': generations are numbered from 1.");
        }
    }

    /// <summary>Throws when <paramref name="start"/> is not a position a checkpoint can hold (both parts zero or positive).</summary>
    public static void ValidatePosition(GlobalPosition start, string parameterName)
    {
        if (start.Transaction < 0 || start.Sequence < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, start, "A checkpoint's transaction and sequence are zero or positive.");
        }
    }

    /// <summary>Throws when <paramref name="owner"/> is not 1 to 200 characters without control characters.</summary>
    public static void ValidateOwner(string? owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Length is 0 or > MaxOwnerLength || string.IsNullOrWhiteSpace(owner) || HasControl(owner))
        {
            throw new ArgumentException(
                $"'{Printable(owner)}' is not a lease owner: use 1 to {MaxOwnerLength} characters, not all blank, without control characters (got {owner.Length}).",
                nameof(owner));
        }
    }

    /// <summary>Throws when a lease of <paramref name="duration"/> cannot be taken by <paramref name="owner"/> on the generation.</summary>
    public static void ValidateLease(string? projection, int generation, string? owner, TimeSpan duration)
    {
        ValidateGeneration(projection, generation);
        ValidateOwner(owner);
        if (duration <= TimeSpan.Zero || duration > MaxLeaseDuration)
        {
            throw new ArgumentOutOfRangeException(
                nameof(duration), duration, $"Projection '{projection}' generation {generation}: a lease lasts more than zero and at most {MaxLeaseDuration}.");
        }
    }

    /// <summary>Throws when <paramref name="tenant"/> breaks the rules of a stream's tenant (1 to 200 characters, no control characters).</summary>
    public static void ValidateTenant(string? tenant) => ValidateKeyPart(tenant, "tenant", nameof(tenant));

    /// <summary>Throws when a part of <paramref name="key"/> breaks the rules of a stream id (1 to 200 characters, no control characters).</summary>
    public static void ValidateKey(DocumentKey key, string parameterName = "key")
    {
        ValidateKeyPart(key.Tenant, "tenant", parameterName);
        ValidateKeyPart(key.Id, "id", parameterName);
    }

    /// <summary>Throws when <paramref name="keys"/> is null or holds an invalid key.</summary>
    public static void ValidateLoad(string? projection, int generation, IReadOnlyCollection<DocumentKey> keys)
    {
        ValidateGeneration(projection, generation);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            ValidateKey(key, nameof(keys));
        }
    }

    /// <summary>Throws when a query of <paramref name="tenant"/>'s documents cannot be run.</summary>
    public static void ValidateQuery(string? projection, string? tenant, DocumentQuery query)
    {
        ValidateProjection(projection);
        ValidateTenant(tenant);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Filters, nameof(query));
        for (var i = 0; i < query.Filters.Count; i++)
        {
            if (query.Filters[i] is null)
            {
                throw new ArgumentException($"Filter {i} of the query of projection '{projection}' is null.", nameof(query));
            }
        }
    }

    /// <summary>Throws when failures of <paramref name="projection"/> cannot be listed.</summary>
    public static void ValidateFailures(string? projection, int maxCount)
    {
        ValidateProjection(projection);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
    }

    /// <summary>Throws when <paramref name="state"/> is not a <see cref="ProjectionRunState"/>.</summary>
    public static void ValidateState(string? projection, int generation, ProjectionRunState state)
    {
        ValidateGeneration(projection, generation);
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, $"Projection '{projection}' generation {generation}: not a ProjectionRunState.");
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the projection and the offending part when <paramref name="commit"/>
    /// cannot be applied: a bad name, generation, owner or position, a checkpoint moving backwards, a failed state
    /// without an error (or an error without one), an invalid document key, a failure of another projection or
    /// generation. With <paramref name="checkJson"/> every written document must also be valid UTF-8 JSON (for drivers
    /// whose database would otherwise store what it cannot query).
    /// </summary>
    public static void ValidateCommit(ProjectionCommit commit, bool checkJson)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var projection = commit.Projection;
        ValidateGeneration(projection, commit.Generation);
        ValidateOwner(commit.Owner);
        ValidatePosition(commit.From, nameof(commit));
        ValidatePosition(commit.To, nameof(commit));
        if (commit.To < commit.From)
        {
            throw new ArgumentException($"Projection '{projection}' generation {commit.Generation}: the checkpoint cannot move back from {commit.From} to {commit.To}.", nameof(commit));
        }

        if (!Enum.IsDefined(commit.State))
        {
            throw new ArgumentException($"Projection '{projection}' generation {commit.Generation}: {commit.State} is not a ProjectionRunState.", nameof(commit));
        }

        if ((commit.State == ProjectionRunState.Failed) != (commit.Error is not null) || commit.Error is { Length: 0 })
        {
            throw new ArgumentException(
                $"Projection '{projection}' generation {commit.Generation}: a commit records an error exactly when it sets the Failed state (state {commit.State}, error {(commit.Error is null ? "none" : $"'{commit.Error}'")}).",
                nameof(commit));
        }

        ValidateWrites(projection, commit.Generation, commit.Writes, checkJson, nameof(commit));
        ArgumentNullException.ThrowIfNull(commit.Failures, nameof(commit));
        if (commit.InlineEventNames is { } names && names.Any(n => string.IsNullOrEmpty(n) || n.Length > AppendArguments.MaxEventNameLength))
        {
            throw new ArgumentException(
                $"Projection '{projection}' generation {commit.Generation}: inline event names are 1 to {AppendArguments.MaxEventNameLength} characters.", nameof(commit));
        }

        for (var i = 0; i < commit.Failures.Count; i++)
        {
            var failure = commit.Failures[i] ?? throw new ArgumentException($"Failure {i} of the commit of projection '{projection}' is null.", nameof(commit));
            if (failure.Projection != projection || failure.Generation != commit.Generation)
            {
                throw new ArgumentException(
                    $"Failure {i} of the commit of projection '{projection}' generation {commit.Generation} belongs to projection '{failure.Projection}' generation {failure.Generation}.",
                    nameof(commit));
            }

            if (failure.Stream.Id is null || string.IsNullOrWhiteSpace(failure.EventName) || failure.EventName.Length > AppendArguments.MaxEventNameLength || failure.Error is null)
            {
                throw new ArgumentException(
                    $"Failure {i} of the commit of projection '{projection}' needs a stream, an event name of 1 to {AppendArguments.MaxEventNameLength} characters and an error.",
                    nameof(commit));
            }

            ValidatePosition(failure.Position, nameof(commit));
        }
    }

    /// <summary>Throws when a write of <paramref name="writes"/> has a bad key, or (when <paramref name="checkJson"/>) a document that is not JSON.</summary>
    public static void ValidateWrites(string projection, int generation, IReadOnlyList<DocumentWrite> writes, bool checkJson, string parameterName = "writes")
    {
        ArgumentNullException.ThrowIfNull(writes, parameterName);
        foreach (var write in writes)
        {
            ValidateKey(write.Key, parameterName);
            if (checkJson && write.Data is { } data && !IsJson(data.Span))
            {
                throw InvalidJson(projection, generation, write.Key, "it is not valid UTF-8 JSON", null);
            }
        }
    }

    /// <summary>Throws when a projection cannot be registered with <paramref name="start"/> and a first generation of <paramref name="status"/>.</summary>
    public static void ValidateRegister(string? projection, GlobalPosition start, GenerationStatus status)
    {
        ValidateProjection(projection);
        ValidatePosition(start, nameof(start));
        if (status is not (GenerationStatus.Live or GenerationStatus.Building))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"Projection '{projection}': a first generation is live or building.");
        }
    }

    /// <summary>The writes of a commit with only the last change to each key, in the order of those last changes.</summary>
    public static IReadOnlyList<DocumentWrite> LastWritePerKey(IReadOnlyList<DocumentWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count < 2)
        {
            return writes;
        }

        var last = new Dictionary<DocumentKey, int>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            last[writes[i].Key] = i;
        }

        if (last.Count == writes.Count)
        {
            return writes;
        }

        var kept = new List<DocumentWrite>(last.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            if (last[writes[i].Key] == i)
            {
                kept.Add(writes[i]);
            }
        }

        return kept;
    }

    /// <summary>The error for a document its database refused as JSON: it names the projection, generation and key.</summary>
    public static ArgumentException InvalidJson(string projection, int generation, DocumentKey key, string why, Exception? inner)
        => new(
            $"Projection '{projection}' generation {generation}: document '{key.Id}' of tenant '{key.Tenant}' cannot be stored: {why}. Nothing was written.",
            "commit",
            inner);

    /// <summary>True when <paramref name="utf8"/> is one complete JSON value.</summary>
    public static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        // The reader checks a string's UTF-8 only when the string is decoded, so the encoding is checked first.
        if (utf8.IsEmpty || !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1000 });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ValidateKeyPart(string? value, string part, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentException($"A document {part} is null; a document key needs a tenant and an id.", parameterName);
        }

        if (value.Length is 0 or > StreamId.MaxLength)
        {
            throw new ArgumentException($"A document {part} must be 1 to {StreamId.MaxLength} characters long, like a stream's; got {value.Length}.", parameterName);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A document {part} must not contain control characters, like a stream's; got U+{(int)c:X4} in '{value.Replace(c, '?')}'.", parameterName);
            }
        }
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(string value)
    {
        var shown = value.Length > MaxOwnerLength ? value[..MaxOwnerLength] + "..." : value;
        return HasControl(shown) ? string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c)) : shown;
    }
}
