using System.ComponentModel;
using Whizbang.Messaging;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// The base of an event-sourced aggregate: state rebuilt by applying its events in order. Declare it
/// <c>partial</c> with a parameterless constructor and write one <c>Apply(TEvent)</c> method per event; the
/// generator writes the rest (<see cref="ApplyEvent"/>, the factory, the repository registration).
/// </summary>
/// <example>
/// <code>
/// public sealed partial class Order : Aggregate
/// {
///     public string Status { get; private set; } = "New";
///     public void Place(string customer, decimal total) => Raise(new OrderPlaced(Id, customer, total));
///     private void Apply(OrderPlaced e) => Status = "Placed";
/// }
/// </code>
/// </example>
public abstract class Aggregate
{
    private List<IEvent>? _uncommitted;

    /// <summary>The aggregate's id within its tenant; its stream is <c>{aggregate name}-{Id}</c>.</summary>
    public string Id { get; protected set; } = string.Empty;

    /// <summary>
    /// The stream version this instance was loaded at or last saved at: the number of committed events,
    /// 0 for an aggregate never saved. The next save expects the stream to be at exactly this version.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>Events raised since the aggregate was loaded or last saved, in order.</summary>
    public IReadOnlyList<IEvent> UncommittedEvents => (IReadOnlyList<IEvent>?)_uncommitted ?? [];

    /// <summary>The stream the aggregate belongs to, once a repository or unit of work has attached it.</summary>
    internal StreamId Stream { get; private set; }

    internal bool IsAttached => Stream.Id is not null;

    /// <summary>
    /// Applies <paramref name="event"/> to the aggregate's state, then records it for the next save. When the
    /// Apply method throws, nothing is recorded.
    /// </summary>
    /// <exception cref="MissingApplyMethodException">The aggregate has no Apply method for the event's type.</exception>
    protected void Raise(IEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ApplyEvent(@event);
        (_uncommitted ??= []).Add(@event);
    }

    /// <summary>
    /// Calls the aggregate's Apply method for the event's type. Implemented by the generator in the aggregate's
    /// partial class (a type switch; no reflection); not meant to be written by hand.
    /// </summary>
    /// <exception cref="MissingApplyMethodException">No Apply method accepts the event's type.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract void ApplyEvent(IEvent @event);

    internal void Attach(StreamId stream, string id)
    {
        Stream = stream;
        Id = id;
    }

    internal void Replay(IEvent @event, long version)
    {
        ApplyEvent(@event);
        Version = version;
    }

    internal void MarkCommitted(long version)
    {
        _uncommitted?.Clear();
        Version = version;
    }
}
