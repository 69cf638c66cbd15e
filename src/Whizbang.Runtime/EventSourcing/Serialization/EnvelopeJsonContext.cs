using System.Text.Json.Serialization;
using Whizbang.Messaging;

namespace Whizbang.EventSourcing.Serialization;

/// <summary>The runtime's own metadata for the envelope, so stored metadata never depends on the application's JSON settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageEnvelope))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;
