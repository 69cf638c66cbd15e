using System.Runtime.CompilerServices;

namespace Whizbang.EventSourcing;

/// <summary>
/// An event store in process memory, for tests and prototypes: the same contract and the same errors as the
/// database drivers, nothing survives the process. Thread-safe; appends are serialized.
/// </summary>
public sealed class InMemoryEventStore(TimeProvider? clock = null) : IEventStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StreamId, List<RecordedEvent>> _streams = [];
    private readonly List<RecordedEvent> _all = [];
    private readonly HashSet<Guid> _eventIds = [];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        cancellationToken.ThrowIfCancellationRequested();
        var timestamp = _clock.GetUtcNow();
        lock (_gate)
        {
            var existing = _streams.GetValueOrDefault(stream);
            var current = existing?.Count ?? 0;
            if (!expected.IsSatisfiedBy(current))
            {
                throw new ConcurrencyException(stream, expected, current);
            }

            if (events.FirstOrDefault(e => _eventIds.Contains(e.EventId)) is { } reused)
            {
                throw new ArgumentException($"Event {reused.EventId} of the batch for stream '{stream}' reuses an event id already stored; nothing was appended.", nameof(events));
            }

            var recorded = existing ?? [];
            foreach (var e in events)
            {
                var record = new RecordedEvent(stream, recorded.Count + 1, _all.Count + 1, e.EventId, e.EventName, e.Data.ToArray(), e.Metadata.ToArray(), timestamp);
                recorded.Add(record);
                _all.Add(record);
                _eventIds.Add(e.EventId);
            }

            _streams[stream] = recorded;
            return ValueTask.FromResult(new AppendResult(recorded.Count, _all.Count));
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
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.AfterPosition);
        var names = options.EventNames is { Count: > 0 } filter ? new HashSet<string>(filter, StringComparer.Ordinal) : null;
        List<RecordedEvent> matches = [];
        lock (_gate)
        {
            for (var i = (int)Math.Min(options.AfterPosition, _all.Count); i < _all.Count && matches.Count < options.MaxCount; i++)
            {
                var e = _all[i];
                if ((names is null || names.Contains(e.EventName)) && (options.FromTimestamp is not { } from || e.Timestamp >= from))
                {
                    matches.Add(e);
                }
            }
        }

        foreach (var e in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
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
}
