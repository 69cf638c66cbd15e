using System.ComponentModel;

namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// What the generator adds to every aggregate's partial class so the runtime can create and name it without
/// reflection. Not meant to be implemented by hand.
/// </summary>
/// <typeparam name="TSelf">The aggregate type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IAggregate<TSelf> where TSelf : Aggregate, IAggregate<TSelf>
{
    /// <summary>The aggregate's stable name (<see cref="AggregateNameAttribute"/>, else derived from the type name): the prefix of its stream ids.</summary>
    static abstract string AggregateName { get; }

    /// <summary>A new, empty instance (calls the parameterless constructor, whatever its accessibility).</summary>
    static abstract TSelf Create();
}
