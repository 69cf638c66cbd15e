using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections.Storage;

namespace Whizbang.Projections;

/// <summary>Applies events to <typeparamref name="TDocument"/>s through the projection's generated dispatch.</summary>
internal sealed class ProjectionApplier<TDocument>(
    Projection<TDocument> projection,
    IReadOnlyList<string> eventNames,
    ProjectionOptions options,
    EventSerializer serializer,
    JsonTypeInfo<TDocument> documentJson) : ProjectionApplier(projection.Name, eventNames, options)
    where TDocument : class
{
    public override async ValueTask<ApplyAttempt> ApplyAsync(IReadOnlyList<RecordedEvent> events, DocumentLoader load, CancellationToken cancellationToken)
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
                return ApplyAttempt.Failed(i, error);
            }
        }

        var keys = decoded.Select(d => d.Key).Distinct().ToList();
        var stored = await load(keys, cancellationToken).ConfigureAwait(false);
        var documents = new Dictionary<DocumentKey, TDocument?>(keys.Count);
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
                return ApplyAttempt.Failed(i, error);
            }
        }

        var writes = new List<DocumentWrite>(documents.Count);
        foreach (var (key, document) in documents)
        {
            if (document is not null)
            {
                writes.Add(new DocumentWrite(key, JsonSerializer.SerializeToUtf8Bytes(document, documentJson)));
            }
            else if (stored.ContainsKey(key))
            {
                writes.Add(new DocumentWrite(key, null));
            }
        }

        return new ApplyAttempt(writes, -1, null);
    }
}
