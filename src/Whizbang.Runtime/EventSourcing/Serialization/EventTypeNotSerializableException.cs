namespace Whizbang.EventSourcing.Serialization;

/// <summary>
/// An event type cannot be stored: it is missing from the application's <c>JsonSerializerContext</c>, or it is not an
/// event the generator found. Nothing falls back to reflection.
/// </summary>
public sealed class EventTypeNotSerializableException : EventSerializationException
{
    /// <summary>Creates the exception.</summary>
    public EventTypeNotSerializableException(Type eventType, string reason, Exception? innerException = null)
        : base($"Event type '{eventType?.FullName}' cannot be serialized: {reason}", innerException)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        EventType = eventType;
    }

    /// <summary>The event type.</summary>
    public Type EventType { get; }

    internal static EventTypeNotSerializableException MissingFromContext(Type eventType, Exception? innerException = null)
        => new(eventType,
            $"the JsonSerializerContext given to UseEventSourcing has no metadata for it. Add [JsonSerializable(typeof({eventType.FullName?.Replace('+', '.')}))] " +
            "to that context (the generator warns about it with WHIZ301).", innerException);

    internal static EventTypeNotSerializableException NotAnEvent(Type eventType)
        => new(eventType, "it is not in the message catalogue. Only concrete, non-generic IEvent types the generator found can be stored.");
}
