namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// The stream id scheme: an aggregate with name <c>order</c> and id <c>42</c> lives in stream <c>order-42</c> of its
/// tenant. The mapping is one way; nothing parses stream ids back into aggregate ids.
/// </summary>
public static class AggregateStreams
{
    /// <summary>Separates the aggregate name from the aggregate id in a stream id.</summary>
    public const char Separator = '-';

    /// <summary>The stream of <typeparamref name="TAggregate"/> with <paramref name="id"/> in <paramref name="tenant"/>.</summary>
    /// <exception cref="ArgumentException">The id is empty, whitespace, contains control characters or is too long.</exception>
    public static StreamId For<TAggregate>(string tenant, string id) where TAggregate : Aggregate, IAggregate<TAggregate>
        => For(typeof(TAggregate), TAggregate.AggregateName, tenant, id);

    internal static StreamId For(Type aggregateType, string aggregateName, string tenant, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var maxIdLength = StreamId.MaxLength - aggregateName.Length - 1;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"An id of aggregate '{aggregateType.Name}' must not be empty or whitespace.", nameof(id));
        }

        if (id.Length > maxIdLength)
        {
            throw new ArgumentException(
                $"The id of aggregate '{aggregateType.Name}' is {id.Length} characters long; at most {maxIdLength} fit in its stream id '{aggregateName}{Separator}{{id}}'.",
                nameof(id));
        }

        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"An id of aggregate '{aggregateType.Name}' must not contain control characters; got U+{(int)c:X4}.", nameof(id));
            }
        }

        return new StreamId(tenant, aggregateName + Separator + id);
    }
}
