using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Whizbang.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>
/// Applies batches of events to <typeparamref name="TDocument"/>s. A batch is read after the checkpoint, applied in
/// memory to the documents it touches, and committed with the new checkpoint in one fenced transaction, so a crash
/// at any point leaves either the whole batch or none of it. An event that throws is isolated: the events before it
/// are committed, then it is retried alone, then skipped or stopped on, as the options say.
/// </summary>
internal sealed class ProjectionRunner<TDocument>(
    Projection<TDocument> projection,
    IReadOnlyList<string> eventNames,
    ProjectionOptions options,
    IEventStore store,
    IProjectionStorage storage,
    EventSerializer serializer,
    JsonTypeInfo<TDocument> documentJson,
    TimeProvider clock,
    ILogger logger) : ProjectionRunner(projection.Name, eventNames, options)
    where TDocument : class
{
    public override async ValueTask<BatchOutcome> RunBatchAsync(ProjectionGeneration generation, string owner, CancellationToken cancellationToken)
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
        };
        if (!await storage.CommitAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            return BatchOutcome.LostLease;
        }

        ProjectionTelemetry.RecordCommitted(Name, eventCount);
        return activate ? BatchOutcome.Activated : BatchOutcome.Applied;
    }

    /// <summary>Applies <paramref name="events"/> to fresh copies of their documents; stops at the first event that throws.</summary>
    private async ValueTask<Attempt> ApplyAsync(ProjectionGeneration generation, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        var decoded = new (IEvent Event, EventContext Context, DocumentKey Key)[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                var e = serializer.Deserialize(events[i]);
                var context = EventContext.Of(events[i]);
                var key = new DocumentKey(context.Stream.Tenant, projection.DocumentIdFor(e, context));
                ProjectionStorageArguments.ValidateKey(key); // here, so that a bad id fails its own event, not the batch
                decoded[i] = (e, context, key);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return Attempt.Failed(i, error);
            }
        }

        var keys = decoded.Select(d => d.Key).Distinct().ToList();
        var stored = await storage.LoadAsync(Name, generation.Generation, keys, cancellationToken).ConfigureAwait(false);
        var documents = new Dictionary<DocumentKey, TDocument?>(keys.Count);
        var existed = new HashSet<DocumentKey>(stored.Keys);
        for (var i = 0; i < decoded.Length; i++)
        {
            var (e, context, key) = decoded[i];
            try
            {
                if (!documents.TryGetValue(key, out var current))
                {
                    current = stored.TryGetValue(key, out var json) ? ProjectionDocuments.Deserialize(Name, key, json, documentJson) : null;
                }

                documents[key] = projection.ApplyEvent(current, e, context);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return Attempt.Failed(i, error);
            }
        }

        var writes = new List<DocumentWrite>(documents.Count);
        foreach (var (key, document) in documents)
        {
            if (document is not null)
            {
                writes.Add(new DocumentWrite(key, JsonSerializer.SerializeToUtf8Bytes(document, documentJson)));
            }
            else if (existed.Contains(key))
            {
                writes.Add(new DocumentWrite(key, null));
            }
        }

        return new Attempt(writes, -1, null);
    }

    /// <summary>The outcome of applying events: the writes, or the index of the event that threw and why.</summary>
    private sealed record Attempt(IReadOnlyList<DocumentWrite> Writes, int FailedAt, Exception? Failure)
    {
        public static Attempt Failed(int index, Exception error) => new([], index, error);
    }
}
