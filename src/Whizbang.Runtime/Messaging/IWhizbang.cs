namespace Whizbang.Messaging;

/// <summary>
/// The one entry point for dispatching messages. Registered as a singleton by <c>AddWhizbang()</c>;
/// the dispatch tables behind it are emitted at compile time, so no call here uses reflection.
/// </summary>
public interface IWhizbang
{
    /// <summary>
    /// Runs the single handler of <paramref name="command"/>. With a transport, a command of a domain another service
    /// owns is written to the outbox instead (with the current dispatch's events) and runs there.
    /// </summary>
    /// <exception cref="NoHandlerException">No handler of the command's type was generated.</exception>
    ValueTask Send(ICommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Durable dispatch: writes <paramref name="command"/> to the outbox and returns; its owning service (this one
    /// included) runs it from the transport, with retries. Needs a transport and an <c>[OwnedBy]</c> domain.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transport is configured, or the command has no owning domain.</exception>
    ValueTask Enqueue(ICommand command, CancellationToken cancellationToken = default);

    /// <summary>Runs the single handler of <paramref name="command"/> and returns its result.</summary>
    /// <exception cref="NoHandlerException">No handler of the command's type was generated.</exception>
    /// <exception cref="InvalidOperationException">With a transport: another service owns the command, and a result cannot travel back.</exception>
    ValueTask<TResult> Send<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default);

    /// <summary>Runs the single handler of <paramref name="query"/> and returns its answer.</summary>
    /// <exception cref="NoHandlerException">No handler of the query's type was generated.</exception>
    ValueTask<TResult> Query<TResult>(IQuery<TResult> query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every handler of <paramref name="event"/>, one after another in a stable order. Every handler
    /// runs even when an earlier one throws; one failure is rethrown unchanged, several as an
    /// <see cref="AggregateException"/>. An event without handlers is not an error.
    /// With a transport the publication is durable: an event of a domain this service owns is written to the outbox
    /// (with the current dispatch's events) and its handlers, in every service, run from the transport.
    /// </summary>
    /// <exception cref="InvalidOperationException">With a transport: another service owns the event; only its owner publishes it.</exception>
    ValueTask Publish<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : IEvent;

    /// <summary>
    /// Publishes <paramref name="events"/> in order, each as <see cref="Publish{TEvent}"/> does. Every
    /// event is published even when handlers of an earlier one fail; failures are reported together at the end.
    /// With a transport, the events go to the outbox in one transaction and to the broker in one produce batch.
    /// </summary>
    ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default);
}
