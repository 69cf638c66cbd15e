using Whizbang.Messaging;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// An event reached an aggregate that has no Apply method for its type, while raising it or rebuilding the
/// aggregate from its stream. The generator reports the raising case at compile time (WHIZ007).
/// </summary>
public sealed class MissingApplyMethodException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public MissingApplyMethodException(Type aggregateType, IEvent @event)
        : base($"Aggregate '{aggregateType?.FullName}' has no Apply method for event '{@event?.GetType().FullName}'; " +
               $"add 'private void Apply({@event?.GetType().Name} e)' to it.")
    {
        ArgumentNullException.ThrowIfNull(aggregateType);
        ArgumentNullException.ThrowIfNull(@event);
        AggregateType = aggregateType;
        EventType = @event.GetType();
    }

    /// <summary>The aggregate type.</summary>
    public Type AggregateType { get; }

    /// <summary>The event type it cannot apply.</summary>
    public Type EventType { get; }
}
