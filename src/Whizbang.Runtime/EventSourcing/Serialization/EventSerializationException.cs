namespace Whizbang.EventSourcing.Serialization;

/// <summary>An event could not be serialized or read back. The concrete type says why; the message names the stream, version, event name or type.</summary>
public abstract class EventSerializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    private protected EventSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
