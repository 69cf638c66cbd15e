namespace Whizbang.Messaging;

/// <summary>
/// The one entry point for dispatching messages. Registered as a singleton by <c>AddWhizbang()</c>;
/// the dispatch tables behind it are emitted at compile time, so no call here uses reflection.
/// </summary>
public interface IWhizbang
{
    /// <summary>Runs the single handler of <paramref name="command"/>.</summary>
    /// <exception cref="NoHandlerException">No handler of the command's type was generated.</exception>
    ValueTask Send(ICommand command, CancellationToken cancellationToken = default);

    /// <summary>Runs the single handler of <paramref name="command"/> and returns its result.</summary>
    /// <exception cref="NoHandlerException">No handler of the command's type was generated.</exception>
    ValueTask<TResult> Send<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default);

    /// <summary>Runs the single handler of <paramref name="query"/> and returns its answer.</summary>
    /// <exception cref="NoHandlerException">No handler of the query's type was generated.</exception>
    ValueTask<TResult> Query<TResult>(IQuery<TResult> query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every handler of <paramref name="event"/>, one after another in a stable order. Every handler
    /// runs even when an earlier one throws; one failure is rethrown unchanged, several as an
    /// <see cref="AggregateException"/>. An event without handlers is not an error.
    /// </summary>
    ValueTask Publish<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : IEvent;

    /// <summary>
    /// Publishes <paramref name="events"/> in order, each as <see cref="Publish{TEvent}"/> does. Every
    /// event is published even when handlers of an earlier one fail; failures are reported together at the end.
    /// </summary>
    ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default);
}
