using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>What an <see cref="IInlineProjectionHost"/> runs inside an append's transaction.</summary>
public interface IInlineProjector
{
    /// <summary>
    /// The projections the append updates, in ordinal order. The host holds each one's rebuild switch back until the
    /// transaction ends (and takes them in this order, so two appends never wait on each other in a cycle).
    /// </summary>
    IReadOnlyList<string> Projections { get; }

    /// <summary>Updates documents from <paramref name="events"/>, the append's events as recorded, in order.</summary>
    ValueTask ProjectAsync(IReadOnlyList<RecordedEvent> events, IInlineProjectionSession session, CancellationToken cancellationToken);
}
