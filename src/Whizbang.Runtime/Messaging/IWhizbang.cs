using System.ComponentModel;
using Whizbang.Dispatch;

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
    /// <remarks>Not virtual, so that a call costs no generic virtual lookup; implementations provide <see cref="SendCore{TResult}"/>.</remarks>
    /// <exception cref="NoHandlerException">No handler of the command's type was generated.</exception>
    /// <exception cref="InvalidOperationException">With a transport: another service owns the command, and a result cannot travel back.</exception>
    sealed ValueTask<TResult> Send<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default)
        => this is WhizbangDispatcher dispatcher ? dispatcher.SendCore(command, cancellationToken) : SendCore(command, cancellationToken);

    /// <summary>Runs the single handler of <paramref name="query"/> and returns its answer.</summary>
    /// <remarks>Not virtual, so that a call costs no generic virtual lookup; implementations provide <see cref="QueryCore{TResult}"/>.</remarks>
    /// <exception cref="NoHandlerException">No handler of the query's type was generated.</exception>
    sealed ValueTask<TResult> Query<TResult>(IQuery<TResult> query, CancellationToken cancellationToken = default)
        => this is WhizbangDispatcher dispatcher ? dispatcher.QueryCore(query, cancellationToken) : QueryCore(query, cancellationToken);

    /// <summary>
    /// Runs every handler of <paramref name="event"/>, one after another in a stable order. Every handler
    /// runs even when an earlier one throws; one failure is rethrown unchanged, several as an
    /// <see cref="AggregateException"/>. An event without handlers is not an error.
    /// With a transport the publication is durable: an event of a domain this service owns is written to the outbox
    /// (with the current dispatch's events) and its handlers, in every service, run from the transport.
    /// </summary>
    /// <remarks>Not virtual, so that a call costs no generic virtual lookup; implementations provide <see cref="PublishCore{TEvent}"/>.</remarks>
    /// <exception cref="InvalidOperationException">With a transport: another service owns the event; only its owner publishes it.</exception>
    sealed ValueTask Publish<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : IEvent
        => this is WhizbangDispatcher dispatcher ? dispatcher.PublishCore(@event, cancellationToken) : PublishCore(@event, cancellationToken);

    // Calling a generic method through an interface means a generic virtual lookup, a runtime helper that costs more
    // than the whole in-process dispatch. So callers call the sealed members above, which test for Whizbang's own
    // dispatcher (one type check) and call it directly; any other implementation (a decorator, a test double) is
    // reached through the members below.

    /// <summary>What <see cref="Send{TResult}"/> runs on an implementation other than Whizbang's own: implement it in a decorator or test double; call <see cref="Send{TResult}"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    ValueTask<TResult> SendCore<TResult>(ICommand<TResult> command, CancellationToken cancellationToken);

    /// <summary>What <see cref="Query{TResult}"/> runs on an implementation other than Whizbang's own: implement it in a decorator or test double; call <see cref="Query{TResult}"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    ValueTask<TResult> QueryCore<TResult>(IQuery<TResult> query, CancellationToken cancellationToken);

    /// <summary>What <see cref="Publish{TEvent}"/> runs on an implementation other than Whizbang's own: implement it in a decorator or test double; call <see cref="Publish{TEvent}"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    ValueTask PublishCore<TEvent>(TEvent @event, CancellationToken cancellationToken) where TEvent : IEvent;

    /// <summary>
    /// Publishes <paramref name="events"/> in order, each as <see cref="Publish{TEvent}"/> does. Every
    /// event is published even when handlers of an earlier one fail; failures are reported together at the end.
    /// With a transport, the events go to the outbox in one transaction and to the broker in one produce batch.
    /// </summary>
    ValueTask PublishBatch(IReadOnlyList<IEvent> events, CancellationToken cancellationToken = default);
}
