namespace Whizbang.EventSourcing;

/// <summary>The checks every driver makes before it writes anything, so bad input fails the same way everywhere.</summary>
public static class AppendArguments
{
    /// <summary>The longest event name accepted, in characters.</summary>
    public const int MaxEventNameLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the stream and the offending event when the batch cannot be appended.</summary>
    public static void Validate(StreamId stream, IReadOnlyList<EventData> events)
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

        var ids = new HashSet<Guid>();
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
                throw new ArgumentException($"Event {i} of the batch for stream '{stream}' repeats event id {events[i].EventId}; nothing was appended.", nameof(events));
            }
        }
    }
}
