using System.ComponentModel;
using Whizbang.Messaging;

namespace Whizbang.Projections;

/// <summary>
/// The base of a projection: a read model of <typeparamref name="TDocument"/>s, one per id and tenant, built from
/// events. Declare it <c>partial</c> with a public constructor (the container creates it, so it may take services) and write methods the generator finds
/// by name; it writes the rest (the subscribed event types, the type switch, the registration). No reflection.
/// <list type="bullet">
/// <item><c>TDocument Create(TEvent e)</c>: the document an event starts (when none exists yet; with one, it replaces it).</item>
/// <item><c>void Apply(TDocument document, TEvent e)</c> mutates the document; <c>TDocument? Apply(TDocument document, TEvent e)</c>
/// returns the new one (immutable records), or null to delete it. An event without a document to apply to is ignored.</item>
/// <item><c>string DocumentId(TEvent e)</c>: which document an event is about; without one, the event's stream id.</item>
/// </list>
/// Each method may be static or an instance method, of any accessibility, and may take an <see cref="EventContext"/>
/// as its last parameter.
/// </summary>
/// <typeparam name="TDocument">The read model: a class in the application's <c>JsonSerializerContext</c>.</typeparam>
/// <example>
/// <code>
/// public sealed partial class OrderSummaryProjection : Projection&lt;OrderSummary&gt;
/// {
///     private static OrderSummary Create(OrderPlaced e) => new(e.OrderId, e.Customer, "Placed");
///     private static OrderSummary Apply(OrderSummary order, OrderShipped e) => order with { Status = "Shipped" };
///     private static string DocumentId(OrderPlaced e) => e.OrderId;
///     private static string DocumentId(OrderShipped e) => e.OrderId;
/// }
/// </code>
/// </example>
public abstract class Projection<TDocument>
    where TDocument : class
{
    /// <summary>The projection's stable name (from <c>[ProjectionName]</c>, else generated from the class name), used for its checkpoints and storage.</summary>
    public abstract string Name { get; }

    /// <summary>The event types the projection has methods for; only these are read from the store.</summary>
    public abstract IReadOnlyList<Type> EventTypes { get; }

    /// <summary>The id of the document <paramref name="event"/> is about. Generated; not meant to be written by hand.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract string DocumentIdFor(IEvent @event, in EventContext context);

    /// <summary>
    /// The document after <paramref name="event"/>: <paramref name="current"/> (changed in place or not), a new
    /// document, or null when there is none (deleted, or never created). Generated; not meant to be written by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract TDocument? ApplyEvent(TDocument? current, IEvent @event, in EventContext context);
}
