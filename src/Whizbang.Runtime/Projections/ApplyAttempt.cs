using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>The outcome of applying events: the writes, or the index of the event that threw and why.</summary>
internal sealed record ApplyAttempt(IReadOnlyList<DocumentWrite> Writes, int FailedAt, Exception? Failure)
{
    public static ApplyAttempt Failed(int index, Exception error) => new([], index, error);
}
