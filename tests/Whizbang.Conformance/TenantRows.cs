using Whizbang.EventSourcing;
using Whizbang.Outbox;

namespace Whizbang.Conformance;

/// <summary>Minimal rows for the per-tenant store tests: where they land matters, not what they say.</summary>
internal static class TenantRows
{
    public static EventData Event(string name) => new(Guid.CreateVersion7(), name, "{}"u8.ToArray(), "{}"u8.ToArray());

    public static OutboxMessage Message(string tenant)
        => new(Guid.CreateVersion7(), "orders", "order-1", "OrderPlaced", tenant, "{}"u8.ToArray(), "{}"u8.ToArray(), DateTimeOffset.UtcNow);
}
