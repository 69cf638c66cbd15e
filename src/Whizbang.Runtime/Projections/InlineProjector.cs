using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Updates the inline projections one append concerns, inside that append's transaction.</summary>
internal sealed class InlineProjector(IReadOnlyList<ProjectionApplier> appliers) : IInlineProjector
{
    public IReadOnlyList<string> Projections { get; } = [.. appliers.Select(a => a.Name)];

    public async ValueTask ProjectAsync(IReadOnlyList<RecordedEvent> events, IInlineProjectionSession session, CancellationToken cancellationToken)
    {
        foreach (var applier in appliers)
        {
            // Without a live generation the projection is still being built, and its builder reads these events itself.
            if (session.LiveGeneration(applier.Name) is not { } generation)
            {
                continue;
            }

            var applied = events.Where(applier.Applies).ToList();
            if (applied.Count == 0)
            {
                continue;
            }

            var attempt = await applier.ApplyAsync(applied, (keys, ct) => session.LoadAsync(applier.Name, generation, keys, ct), cancellationToken).ConfigureAwait(false);
            if (attempt.Failure is not null)
            {
                throw new InlineProjectionException(applier.Name, applied[attempt.FailedAt], attempt.Failure);
            }

            if (attempt.Writes.Count > 0)
            {
                await session.WriteAsync(applier.Name, generation, attempt.Writes, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
