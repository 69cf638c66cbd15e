namespace Whizbang.Messaging;

/// <summary>Reacts to <typeparamref name="TEvent"/>. An event may have any number of handlers.</summary>
public interface IEventHandler<in TEvent> where TEvent : IEvent
{
    /// <summary>Reacts to the event.</summary>
    ValueTask HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
