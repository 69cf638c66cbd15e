using System.Text.Json.Serialization;

namespace Whizbang.Samples.Orders;

/// <summary>How the events are stored: System.Text.Json, source generated (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderCancelled))]
internal sealed partial class OrdersJson : JsonSerializerContext;
