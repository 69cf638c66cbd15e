using System.Runtime.CompilerServices;
using Whizbang.Outbox;
using Whizbang.Projections.Storage;
using Whizbang.Tenancy;

namespace Whizbang.EventSourcing;

/// <summary>
/// An event store in process memory, for tests and prototypes: the same contract and the same errors as the
/// database drivers, nothing survives the process. Thread-safe; appends are serialized, so global order is
/// sequence order. With an <see cref="InMemoryProjectionStorage"/> created over it, appends can update inline
/// projections atomically.
/// </summary>
public sealed class InMemoryEventStore(TimeProvider? clock = null) : IEventStore, IInlineProjectionHost
{
    // Readers take the gate; writers first take the writer semaphore, which an inline append holds while its
    // projections run (asynchronously), so no other write lands between its checks and its commit.
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Dictionary<StreamId, List<RecordedEvent>> _streams = [];
    private readonly List<RecordedEvent> _all = [];
    private readonly HashSet<Guid> _eventIds = [];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _lastSequence;
    private InMemoryProjectionStorage? _projections;
    private InMemoryMessageStore? _messages;

    /// <summary>Held by every write, and by an inline projection's switch to a new generation.</summary>
    internal SemaphoreSlim Writer => _writer;

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        return (await AppendCoreAsync([new StreamAppend(stream, expected, events)], projector: null, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        return await AppendCoreAsync(appends, projector: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool SharesTransactionsWith(IProjectionStorage storage) => storage is not null && ReferenceEquals(storage, _projections);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector projector, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        ArgumentNullException.ThrowIfNull(projector);
        if (_projections is null)
        {
            throw new InvalidOperationException("This in-memory event store has no InMemoryProjectionStorage created over it, so it cannot update projections.");
        }

        return await AppendCoreAsync(appends, projector, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Links the projection storage whose documents inline appends update.</summary>
    internal void Attach(InMemoryProjectionStorage projections) => _projections = projections;

    /// <summary>Links the message store that appends write the flow's <see cref="PendingMessages"/> to.</summary>
    internal void Attach(InMemoryMessageStore messages) => _messages = messages;

    /// <summary>True when an event named one of <paramref name="eventNames"/> is stored after <paramref name="position"/>.</summary>
    internal bool HasEventsAfter(GlobalPosition position, IReadOnlyList<string> eventNames)
    {
        lock (_gate)
        {
            for (var i = FirstAfter(position); i < _all.Count; i++)
            {
                if (eventNames.Contains(_all[i].EventName))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        RecordedEvent[] snapshot;
        lock (_gate)
        {
            var events = _streams.GetValueOrDefault(stream);
            snapshot = events is null || fromVersion > events.Count ? [] : events.GetRange((int)(fromVersion - 1), events.Count - (int)(fromVersion - 1)).ToArray();
        }

        foreach (var e in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var matches = Match(options, options.MaxCount);

        foreach (var e in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult((long)Match(options, int.MaxValue).Count);
    }

    /// <inheritdoc />
    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_streams.TryGetValue(stream, out var events) ? (long?)events.Count : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long count = 0;
            foreach (var stream in _streams.Keys)
            {
                count += stream.Tenant == tenant ? 1 : 0;
            }

            return ValueTask.FromResult(count);
        }
    }

    private List<RecordedEvent> Match(ReadAllOptions options, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.After.Sequence, nameof(options));
        var names = options.EventNames is { Count: > 0 } filter ? new HashSet<string>(filter, StringComparer.Ordinal) : null;
        List<RecordedEvent> matches = [];
        lock (_gate)
        {
            for (var i = FirstAfter(options.After); i < _all.Count && matches.Count < maxCount; i++)
            {
                var e = _all[i];
                if ((names is null || names.Contains(e.EventName)) && (options.FromTimestamp is not { } from || e.Timestamp >= from))
                {
                    matches.Add(e);
                }
            }
        }

        return matches;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        AppendArguments.ValidateDelete(stream, expected);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Delete(stream, expected);
        }
        finally
        {
            _writer.Release();
        }
    }

    private bool Delete(StreamId stream, ExpectedVersion expected)
    {
        lock (_gate)
        {
            var events = _streams.GetValueOrDefault(stream);
            if (!expected.IsSatisfiedBy(events?.Count ?? 0))
            {
                throw new ConcurrencyException(stream, expected, events?.Count ?? 0);
            }

            if (events is null)
            {
                return false;
            }

            _streams.Remove(stream);
            _all.RemoveAll(e => e.Stream == stream);
            _eventIds.ExceptWith(events.Select(e => e.EventId));
            return true;
        }
    }

    private async ValueTask<IReadOnlyList<AppendResult>> AppendCoreAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector? projector, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var recorded = Prepare(appends);
            var pending = PendingMessages.Current;
            var messages = _messages is null ? null : pending?.Peek();
            if (projector is not null)
            {
                var session = new InMemoryInlineSession(_projections!);
                await projector.ProjectAsync([.. recorded.SelectMany(r => r)], session, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                WriteMessages(messages); // the last step that can fail: after it nothing does
                Commit(recorded);
                session.Commit();
            }
            else
            {
                WriteMessages(messages);
                Commit(recorded);
            }

            if (messages is not null)
            {
                pending!.Written(messages);
            }

            return [.. recorded.Select(r => new AppendResult(r[^1].Version, r[^1].Position))];
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>The events of each append as they will be recorded, after checking every part; nothing is stored yet.</summary>
    private RecordedEvent[][] Prepare(IReadOnlyList<StreamAppend> appends)
    {
        var timestamp = _clock.GetUtcNow();
        lock (_gate)
        {
            var sequence = _lastSequence;
            var recorded = new RecordedEvent[appends.Count][];
            for (var i = 0; i < appends.Count; i++)
            {
                var (stream, expected, events) = appends[i];
                var current = _streams.GetValueOrDefault(stream)?.Count ?? 0;
                if (!expected.IsSatisfiedBy(current))
                {
                    throw new ConcurrencyException(stream, expected, current);
                }

                if (events.FirstOrDefault(e => _eventIds.Contains(e.EventId)) is { } reused)
                {
                    throw new ArgumentException($"Event {reused.EventId} of the batch for stream '{stream}' reuses an event id already stored; nothing was appended.", nameof(appends));
                }

                recorded[i] = new RecordedEvent[events.Count];
                for (var j = 0; j < events.Count; j++)
                {
                    var e = events[j];
                    recorded[i][j] = new RecordedEvent(
                        stream, current + j + 1, new GlobalPosition(0, ++sequence), e.EventId, e.EventName, e.Data.ToArray(), e.Metadata.ToArray(), timestamp);
                }
            }

            return recorded;
        }
    }

    private void Commit(RecordedEvent[][] recorded)
    {
        lock (_gate)
        {
            foreach (var events in recorded)
            {
                if (!_streams.TryGetValue(events[0].Stream, out var stream))
                {
                    _streams[events[0].Stream] = stream = [];
                }

                stream.AddRange(events);
                _all.AddRange(events);
                _eventIds.UnionWith(events.Select(e => e.EventId));
                _lastSequence = events[^1].Position.Sequence;
            }
        }
    }

    private void WriteMessages(MessageWrites? messages)
    {
        if (messages is not null)
        {
            _messages!.Write(messages);
        }
    }

    private int FirstAfter(GlobalPosition after)
    {
        int low = 0, high = _all.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_all[middle].Position <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
