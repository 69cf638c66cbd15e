using Whizbang.EventSourcing;

namespace Whizbang.Projections.Storage;

/// <summary>
/// An event store that can update projection documents in an append's own transaction: the drivers' stores implement
/// it, and the runtime calls it for appends that inline projections apply.
/// </summary>
public interface IInlineProjectionHost
{
    /// <summary>True when <paramref name="storage"/> keeps its documents in this store's database, so one transaction can write both.</summary>
    bool SharesTransactionsWith(IProjectionStorage storage);

    /// <summary>
    /// Appends like <see cref="IEventStore.AppendAsync(IReadOnlyList{StreamAppend}, CancellationToken)"/>, and in the
    /// same transaction lets <paramref name="projector"/> update documents from the recorded events. When the projector
    /// throws, nothing is written and its exception propagates.
    /// </summary>
    ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector projector, CancellationToken cancellationToken = default);
}
