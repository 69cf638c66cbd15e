namespace Whizbang.EventSourcing.Serialization;

/// <summary>A stored event's data or metadata is not valid JSON for its type; the <see cref="Exception.InnerException"/> says where.</summary>
public sealed class CorruptEventException : EventSerializationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stream">The stream read.</param>
    /// <param name="version">The event's version in its stream.</param>
    /// <param name="eventName">The event's stored name.</param>
    /// <param name="part">"data" or "metadata".</param>
    /// <param name="innerException">What the JSON reader reported.</param>
    public CorruptEventException(StreamId stream, long version, string eventName, string part, Exception? innerException)
        : base($"The {part} of event '{eventName}' at version {version} of stream '{stream.Id}' (tenant '{stream.Tenant}') cannot be read: " +
               $"{innerException?.Message ?? "it is empty or JSON null"}", innerException)
    {
        Stream = stream;
        Version = version;
        EventName = eventName;
        Part = part;
    }

    /// <summary>The stream read.</summary>
    public StreamId Stream { get; }

    /// <summary>The event's version in its stream.</summary>
    public long Version { get; }

    /// <summary>The event's stored name.</summary>
    public string EventName { get; }

    /// <summary>"data" or "metadata".</summary>
    public string Part { get; }
}
