using System.Text.Json.Serialization;

namespace Whizbang.Samples.Orders;

/// <summary>How the events and the read model are stored: System.Text.Json, source generated (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderCancelled))]
[JsonSerializable(typeof(OrderView))]
internal sealed partial class OrdersJson : JsonSerializerContext;
