namespace Whizbang.EventSourcing.Serialization;

/// <summary>
/// A stored event's name matches no event type of this application (renamed without keeping the old
/// <c>[MessageName]</c>, or written by another application).
/// </summary>
public sealed class UnknownEventNameException : EventSerializationException
{
    /// <summary>Creates the exception.</summary>
    public UnknownEventNameException(StreamId stream, long version, string eventName)
        : base($"Event '{eventName}' at version {version} of stream '{stream.Id}' (tenant '{stream.Tenant}') matches no event type of this application; " +
               "keep the old name with [MessageName(\"...\")] on the event type that replaced it.", innerException: null)
    {
        Stream = stream;
        Version = version;
        EventName = eventName;
    }

    /// <summary>The stream read.</summary>
    public StreamId Stream { get; }

    /// <summary>The event's version in its stream.</summary>
    public long Version { get; }

    /// <summary>The unknown name.</summary>
    public string EventName { get; }
}
