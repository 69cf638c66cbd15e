namespace Whizbang.Pipeline.Idempotence;

/// <summary>Remembers which idempotency keys were handled. Durable stores come with the database drivers.</summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="messageName"/>; false when it was already claimed.</summary>
    ValueTask<bool> TryBeginAsync(string messageName, string key, CancellationToken cancellationToken);

    /// <summary>Releases a claim whose handler failed, so a retry can run.</summary>
    ValueTask AbandonAsync(string messageName, string key, CancellationToken cancellationToken);
}
