using System.Collections.Concurrent;

namespace Whizbang.Pipeline.Idempotence;

/// <summary>Keeps claimed keys in memory for the life of the process: for tests and single-instance apps.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string Message, string Key), byte> _claimed = new();

    /// <inheritdoc />
    public ValueTask<bool> TryBeginAsync(string messageName, string key, CancellationToken cancellationToken)
        => ValueTask.FromResult(_claimed.TryAdd((messageName, key), 0));

    /// <inheritdoc />
    public ValueTask AbandonAsync(string messageName, string key, CancellationToken cancellationToken)
    {
        _claimed.TryRemove((messageName, key), out _);
        return ValueTask.CompletedTask;
    }
}
