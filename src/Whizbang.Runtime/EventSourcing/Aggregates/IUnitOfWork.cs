namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// The aggregates one DI scope (one dispatch) works on: every aggregate its repositories load or create, and any
/// tracked explicitly. <see cref="CommitAsync"/> saves all their uncommitted events atomically in one store call:
/// every stream is written or none is.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>True when a tracked aggregate has uncommitted events.</summary>
    bool HasChanges { get; }

    /// <summary>
    /// Tracks an aggregate that did not come from a repository of this scope (for example one created with
    /// <c>new</c> whose <see cref="Aggregate.Id"/> is set). Its stream is in the current tenant. Tracking an
    /// aggregate twice is harmless.
    /// </summary>
    /// <exception cref="ArgumentException">The aggregate has no valid id.</exception>
    void Track<TAggregate>(TAggregate aggregate) where TAggregate : Aggregate, IAggregate<TAggregate>;

    /// <summary>
    /// Appends the uncommitted events of every tracked aggregate in one atomic multi-stream append, each stream
    /// expected at its aggregate's <see cref="Aggregate.Version"/>; then clears them and advances the versions.
    /// </summary>
    /// <returns>The number of events written (0 when nothing changed).</returns>
    /// <exception cref="ConcurrencyException">One stream moved since its aggregate was loaded; nothing was written for any aggregate.</exception>
    /// <exception cref="InvalidOperationException">Two tracked instances of the same stream both have changes; nothing was written.</exception>
    ValueTask<int> CommitAsync(CancellationToken cancellationToken = default);
}
