using System.Runtime.CompilerServices;

namespace Whizbang.EventSourcing;

/// <summary>
/// An event store in process memory, for tests and prototypes: the same contract and the same errors as the
/// database drivers, nothing survives the process. Thread-safe; appends are serialized, so global order is
/// sequence order.
/// </summary>
public sealed class InMemoryEventStore(TimeProvider? clock = null) : IEventStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StreamId, List<RecordedEvent>> _streams = [];
    private readonly List<RecordedEvent> _all = [];
    private readonly HashSet<Guid> _eventIds = [];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _lastSequence;

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Append([new StreamAppend(stream, expected, events)])[0]);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<AppendResult>>(Append(appends));
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
    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        AppendArguments.ValidateDelete(stream, expected);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var events = _streams.GetValueOrDefault(stream);
            if (!expected.IsSatisfiedBy(events?.Count ?? 0))
            {
                throw new ConcurrencyException(stream, expected, events?.Count ?? 0);
            }

            if (events is null)
            {
                return ValueTask.FromResult(false);
            }

            _streams.Remove(stream);
            _all.RemoveAll(e => e.Stream == stream);
            _eventIds.ExceptWith(events.Select(e => e.EventId));
            return ValueTask.FromResult(true);
        }
    }

    private AppendResult[] Append(IReadOnlyList<StreamAppend> appends)
    {
        var timestamp = _clock.GetUtcNow();
        lock (_gate)
        {
            // Check every part before writing any, so a refused batch leaves nothing behind.
            foreach (var (stream, expected, events) in appends)
            {
                var current = _streams.GetValueOrDefault(stream)?.Count ?? 0;
                if (!expected.IsSatisfiedBy(current))
                {
                    throw new ConcurrencyException(stream, expected, current);
                }

                if (events.FirstOrDefault(e => _eventIds.Contains(e.EventId)) is { } reused)
                {
                    throw new ArgumentException($"Event {reused.EventId} of the batch for stream '{stream}' reuses an event id already stored; nothing was appended.", nameof(appends));
                }
            }

            var results = new AppendResult[appends.Count];
            for (var i = 0; i < appends.Count; i++)
            {
                var (stream, _, events) = appends[i];
                if (!_streams.TryGetValue(stream, out var recorded))
                {
                    _streams[stream] = recorded = [];
                }

                foreach (var e in events)
                {
                    var record = new RecordedEvent(
                        stream, recorded.Count + 1, new GlobalPosition(0, ++_lastSequence), e.EventId, e.EventName, e.Data.ToArray(), e.Metadata.ToArray(), timestamp);
                    recorded.Add(record);
                    _all.Add(record);
                    _eventIds.Add(e.EventId);
                }

                results[i] = new AppendResult(recorded.Count, recorded[^1].Position);
            }

            return results;
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
