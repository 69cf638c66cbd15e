using Microsoft.Extensions.Logging;
using Whizbang.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>
/// Runs one projection's batches; the worker decides when and for which generation. A batch is read after the
/// checkpoint, applied in memory to the documents it touches, and committed with the new checkpoint in one fenced
/// transaction, so a crash at any point leaves either the whole batch or none of it. An event that throws is
/// isolated: the events before it are committed, then it is retried alone, then skipped or stopped on, as the
/// options say.
/// </summary>
internal sealed class ProjectionRunner(ProjectionApplier applier, IEventStore store, IProjectionStorage storage, TimeProvider clock, ILogger logger)
{
    public string Name => applier.Name;

    /// <summary>The stored names of the events the projection applies.</summary>
    public IReadOnlyList<string> EventNames => applier.EventNames;

    public ProjectionOptions Options => applier.Options;

    /// <summary>True when appends update the live generation, so the worker only builds new generations.</summary>
    public bool IsInline => Options.Mode == ProjectionMode.Inline;

    /// <summary>What the projection reads after <paramref name="checkpoint"/>.</summary>
    public ReadAllOptions Reading(GlobalPosition checkpoint, int maxCount) => new()
    {
        After = checkpoint,
        EventNames = EventNames,
        FromTimestamp = Options.FromTimestamp,
        MaxCount = maxCount,
    };

    /// <summary>Applies the next batch after the generation's checkpoint and commits it, fenced by <paramref name="owner"/>'s lease.</summary>
    public async ValueTask<BatchOutcome> RunBatchAsync(ProjectionGeneration generation, string owner, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>(Options.BatchSize);
        if (EventNames.Count > 0)
        {
            await foreach (var e in store.ReadAllAsync(Reading(generation.Checkpoint, Options.BatchSize), cancellationToken).ConfigureAwait(false))
            {
                events.Add(e);
            }
        }

        // A building generation that has nothing left to read has caught up with the store: it goes live.
        var activate = generation.Status == GenerationStatus.Building && events.Count < Options.BatchSize;
        if (events.Count == 0)
        {
            return activate
                ? await CommitAsync(generation, owner, generation.Checkpoint, 0, [], [], activate: true, cancellationToken).ConfigureAwait(false)
                : BatchOutcome.CaughtUp;
        }

        using var activity = ProjectionTelemetry.StartBatch(Name, generation.Generation, events.Count);
        var attempt = await ApplyAsync(generation, events, cancellationToken).ConfigureAwait(false);
        if (attempt.Failure is null)
        {
            return await CommitAsync(generation, owner, events[^1].Position, events.Count, attempt.Writes, [], activate, cancellationToken).ConfigureAwait(false);
        }

        if (attempt.FailedAt == 0)
        {
            return await RetryAsync(generation, owner, events[0], attempt.Failure, cancellationToken).ConfigureAwait(false);
        }

        // Commit what came before the failing event (from fresh documents: the failed Apply may have changed one);
        // the next batch starts with the failing event. Should the earlier events fail too this time (a transient
        // error), nothing is committed and the next batch tries them again.
        var before = events[..attempt.FailedAt];
        var prefix = await ApplyAsync(generation, before, cancellationToken).ConfigureAwait(false);
        return prefix.Failure is null
            ? await CommitAsync(generation, owner, before[^1].Position, before.Count, prefix.Writes, [], activate: false, cancellationToken).ConfigureAwait(false)
            : BatchOutcome.Applied;
    }

    /// <summary>Retries the first event of the batch alone, then skips it or stops on it.</summary>
    private async ValueTask<BatchOutcome> RetryAsync(ProjectionGeneration generation, string owner, RecordedEvent poison, Exception failure, CancellationToken cancellationToken)
    {
        var delay = Options.RetryDelay;
        for (var retry = 1; retry <= Options.MaxRetries; retry++)
        {
            ProjectionLog.Retrying(logger, failure, Name, poison.EventName, poison.Stream.ToString(), poison.Version, retry, Options.MaxRetries);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay += delay;
            var attempt = await ApplyAsync(generation, [poison], cancellationToken).ConfigureAwait(false);
            if (attempt.Failure is null)
            {
                return await CommitAsync(generation, owner, poison.Position, 1, attempt.Writes, [], activate: false, cancellationToken).ConfigureAwait(false);
            }

            failure = attempt.Failure;
        }

        var skip = Options.OnFailure == ProjectionFailureMode.Skip;
        var error = $"{failure.GetType().FullName}: {failure.Message}";
        var record = new ProjectionFailure(
            Name, generation.Generation, poison.Position, poison.Stream, poison.Version, poison.EventId, poison.EventName, error, skip, clock.GetUtcNow());
        ProjectionTelemetry.RecordFailure(Name, skip);
        if (skip)
        {
            ProjectionLog.Skipped(logger, failure, Name, poison.EventName, poison.Stream.ToString(), poison.Version);
            return await CommitAsync(generation, owner, poison.Position, 0, [], [record], activate: false, cancellationToken).ConfigureAwait(false);
        }

        ProjectionLog.Stopped(logger, failure, Name, poison.EventName, poison.Stream.ToString(), poison.Version);
        var commit = new ProjectionCommit
        {
            Projection = Name,
            Generation = generation.Generation,
            Owner = owner,
            From = generation.Checkpoint,
            To = generation.Checkpoint,
            Failures = [record],
            State = ProjectionRunState.Failed,
            Error = $"Event {poison.EventName} at {poison.Position} (stream {poison.Stream}, version {poison.Version}): {error}",
        };
        return await storage.CommitAsync(commit, cancellationToken).ConfigureAwait(false) ? BatchOutcome.Stopped : BatchOutcome.LostLease;
    }

    /// <summary>
    /// Commits a batch. An activation is a request: an inline projection's storage refuses it while appends it has not
    /// read exist, so the worker learns whether the generation went live from the stored state.
    /// </summary>
    private async ValueTask<BatchOutcome> CommitAsync(
        ProjectionGeneration generation,
        string owner,
        GlobalPosition to,
        int eventCount,
        IReadOnlyList<DocumentWrite> writes,
        IReadOnlyList<ProjectionFailure> failures,
        bool activate,
        CancellationToken cancellationToken)
    {
        var commit = new ProjectionCommit
        {
            Projection = Name,
            Generation = generation.Generation,
            Owner = owner,
            From = generation.Checkpoint,
            To = to,
            Writes = writes,
            Failures = failures,
            Activate = activate,
            InlineEventNames = activate && IsInline ? EventNames : null,
        };
        if (!await storage.CommitAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            return BatchOutcome.LostLease;
        }

        ProjectionTelemetry.RecordCommitted(Name, eventCount);
        return BatchOutcome.Applied;
    }

    private ValueTask<ApplyAttempt> ApplyAsync(ProjectionGeneration generation, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
        => applier.ApplyAsync(events, (keys, ct) => storage.LoadAsync(Name, generation.Generation, keys, ct), cancellationToken);
}
