namespace Whizbang.EventSourcing;

/// <summary>An append expected a stream version the stream was not at; nothing was written.</summary>
public sealed class ConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyException(StreamId stream, ExpectedVersion expected, long actualVersion, Exception? innerException = null)
        : base($"Stream '{stream.Id}' of tenant '{stream.Tenant}' was expected at version {expected} but is at version {actualVersion}; nothing was written.", innerException)
    {
        Stream = stream;
        Expected = expected;
        ActualVersion = actualVersion;
    }

    /// <summary>The stream appended to.</summary>
    public StreamId Stream { get; }

    /// <summary>What the append expected.</summary>
    public ExpectedVersion Expected { get; }

    /// <summary>The stream's version when the append was refused (0 when it did not exist).</summary>
    public long ActualVersion { get; }
}
