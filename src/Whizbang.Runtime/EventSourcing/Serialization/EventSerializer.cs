using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Whizbang.Dispatch;
using Whizbang.Messaging;

namespace Whizbang.EventSourcing.Serialization;

/// <summary>
/// Turns events into (stable name, UTF-8 JSON) and back, with the application's source-generated
/// <see cref="JsonSerializerContext"/> for the payload and the message catalogue for names. Envelopes are
/// stored as the event's metadata with the runtime's own context. No reflection: a type the context does not
/// know is an <see cref="EventTypeNotSerializableException"/>.
/// </summary>
public sealed class EventSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly IMessageCatalog _catalog;
    private readonly ConcurrentDictionary<Type, JsonTypeInfo?> _typeInfos = new();

    /// <summary>Creates a serializer over <paramref name="resolver"/>: a <see cref="JsonSerializerContext"/> keeps its own options.</summary>
    public EventSerializer(IJsonTypeInfoResolver resolver, IMessageCatalog catalog)
        : this(OptionsFor(resolver), catalog)
    {
    }

    /// <summary>Creates a serializer with <paramref name="options"/>, whose <see cref="JsonSerializerOptions.TypeInfoResolver"/> must be set.</summary>
    /// <exception cref="ArgumentException">The options have no type info resolver (that would mean reflection).</exception>
    public EventSerializer(JsonSerializerOptions options, IMessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        if (options.TypeInfoResolver is null)
        {
            throw new ArgumentException("The options need a TypeInfoResolver, such as your source-generated JsonSerializerContext.", nameof(options));
        }

        _options = options;
        _catalog = catalog;
    }

    /// <summary>The event's stable name and its UTF-8 JSON.</summary>
    /// <exception cref="EventTypeNotSerializableException">The type is not a known event or is missing from the JSON context.</exception>
    public SerializedEvent Serialize(IEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        if (_catalog.Find(type) is not { Kind: MessageKind.Event } descriptor)
        {
            throw EventTypeNotSerializableException.NotAnEvent(type);
        }

        var typeInfo = TypeInfoFor(type) ?? throw EventTypeNotSerializableException.MissingFromContext(type);
        try
        {
            return new SerializedEvent(descriptor.Name, JsonSerializer.SerializeToUtf8Bytes(@event, typeInfo));
        }
        catch (NotSupportedException e)
        {
            throw EventTypeNotSerializableException.MissingFromContext(type, e); // a type inside the event has no metadata
        }
    }

    /// <summary>The stored event as the CLR event its name stands for.</summary>
    /// <exception cref="UnknownEventNameException">No event type has the stored name.</exception>
    /// <exception cref="CorruptEventException">The stored data is not valid JSON for the type, or is JSON null.</exception>
    /// <exception cref="EventTypeNotSerializableException">The type is missing from the JSON context.</exception>
    public IEvent Deserialize(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (_catalog.FindByName(recorded.EventName) is not { Kind: MessageKind.Event } descriptor)
        {
            throw new UnknownEventNameException(recorded.Stream, recorded.Version, recorded.EventName);
        }

        var typeInfo = TypeInfoFor(descriptor.MessageType) ?? throw EventTypeNotSerializableException.MissingFromContext(descriptor.MessageType);
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(recorded.Data.Span, typeInfo);
        }
        catch (JsonException e)
        {
            throw new CorruptEventException(recorded.Stream, recorded.Version, recorded.EventName, "data", e);
        }

        return value as IEvent ?? throw new CorruptEventException(recorded.Stream, recorded.Version, recorded.EventName, "data", innerException: null);
    }

    /// <summary>The envelope as stored metadata (UTF-8 JSON, camel case, the runtime's own format).</summary>
    public ReadOnlyMemory<byte> SerializeEnvelope(MessageEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return JsonSerializer.SerializeToUtf8Bytes(envelope, EnvelopeJsonContext.Default.MessageEnvelope);
    }

    /// <summary>The envelope stored with the event, or null when the event was stored without metadata.</summary>
    /// <exception cref="CorruptEventException">The metadata is not a valid envelope.</exception>
    public MessageEnvelope? DeserializeEnvelope(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Metadata.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(recorded.Metadata.Span, EnvelopeJsonContext.Default.MessageEnvelope)
                ?? throw new CorruptEventException(recorded.Stream, recorded.Version, recorded.EventName, "metadata", innerException: null);
        }
        catch (JsonException e)
        {
            throw new CorruptEventException(recorded.Stream, recorded.Version, recorded.EventName, "metadata", e);
        }
    }

    /// <summary>The JSON metadata of <paramref name="type"/> in the application's contexts, or null (also used for projection documents).</summary>
    internal JsonTypeInfo? TypeInfoFor(Type type)
        => _typeInfos.GetOrAdd(type, static (t, options) => options.TryGetTypeInfo(t, out var info) ? info : null, _options);

    private static JsonSerializerOptions OptionsFor(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return resolver is JsonSerializerContext context ? context.Options : new JsonSerializerOptions { TypeInfoResolver = resolver };
    }
}
