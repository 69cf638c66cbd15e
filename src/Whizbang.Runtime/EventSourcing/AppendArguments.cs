namespace Whizbang.EventSourcing;

/// <summary>The checks every driver makes before it writes anything, so bad input fails the same way everywhere.</summary>
public static class AppendArguments
{
    /// <summary>The longest event name accepted, in characters.</summary>
    public const int MaxEventNameLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the stream and the offending event when the batch cannot be appended.</summary>
    public static void Validate(StreamId stream, IReadOnlyList<EventData> events) => Validate(stream, events, new HashSet<Guid>());

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a multi-stream append cannot be made: no appends, a null part,
    /// a stream named twice, an event id used twice anywhere in the batch, or any single-stream fault.
    /// </summary>
    public static void Validate(IReadOnlyList<StreamAppend> appends)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Count == 0)
        {
            throw new ArgumentException("Nothing to append: the batch names no stream.", nameof(appends));
        }

        var streams = new HashSet<StreamId>();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i] ?? throw new ArgumentException($"Part {i} of the batch is null; nothing was appended.", nameof(appends));
            if (append.Stream.Id is not null && !streams.Add(append.Stream))
            {
                throw new ArgumentException($"Stream '{append.Stream}' appears twice in the batch; merge its events into one part. Nothing was appended.", nameof(appends));
            }

            Validate(append.Stream, append.Events, ids);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="expected"/> cannot guard a delete of <paramref name="stream"/>.</summary>
    public static void ValidateDelete(StreamId stream, ExpectedVersion expected)
    {
        if (stream.Id is null)
        {
            throw new ArgumentException("The stream id is the default value; create it with new StreamId(tenant, id).", nameof(stream));
        }

        if (expected == ExpectedVersion.NoStream)
        {
            throw new ArgumentException($"Deleting stream '{stream}' expecting no stream makes no sense; expect any or an exact version.", nameof(expected));
        }
    }

    private static void Validate(StreamId stream, IReadOnlyList<EventData> events, HashSet<Guid> ids)
    {
        if (stream.Id is null)
        {
            throw new ArgumentException("The stream id is the default value; create it with new StreamId(tenant, id).", nameof(stream));
        }

        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException($"Nothing to append to stream '{stream}': the batch is empty.", nameof(events));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var name = events[i]?.EventName;
            if (events[i] is null)
            {
                throw new ArgumentException($"Event {i} of the batch for stream '{stream}' is null; nothing was appended.", nameof(events));
            }

            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxEventNameLength)
            {
                throw new ArgumentException(
                    $"Event {i} of the batch for stream '{stream}' has no valid name (1 to {MaxEventNameLength} characters); nothing was appended.", nameof(events));
            }

            if (!ids.Add(events[i].EventId))
            {
                throw new ArgumentException($"Event {i} of the batch for stream '{stream}' repeats event id {events[i].EventId} within the batch; nothing was appended.", nameof(events));
            }
        }
    }
}
