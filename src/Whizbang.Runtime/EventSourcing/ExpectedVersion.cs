namespace Whizbang.EventSourcing;

/// <summary>
/// What an append expects of the stream's current version: anything, no stream at all, or exactly a version.
/// Versions count events: a stream's first event has version 1 and a stream with n events is at version n.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;
    private const long NoStreamValue = 0;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>Append whatever the stream's version; no concurrency check.</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>Append only when the stream does not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(NoStreamValue);

    /// <summary>The raw value: -1 for any, 0 for no stream, otherwise the exact version.</summary>
    public long Value { get; }

    /// <summary>True for <see cref="Any"/>.</summary>
    public bool IsAny => Value == AnyValue;

    /// <summary>Append only when the stream is at exactly <paramref name="version"/> (0 means no stream).</summary>
    public static ExpectedVersion Exactly(long version)
        => version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is 0 or more.");

    /// <summary>True when a stream at <paramref name="currentVersion"/> (0 when absent) satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long currentVersion) => IsAny || Value == currentVersion;

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        AnyValue => "any",
        NoStreamValue => "no stream",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
