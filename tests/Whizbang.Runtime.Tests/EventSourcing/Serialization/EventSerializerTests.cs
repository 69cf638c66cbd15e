using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Dispatch;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;

namespace Whizbang.Runtime.Tests.EventSourcing.Serialization;

public sealed class EventSerializerTests
{
    private static readonly StreamId s_stream = new(StreamId.DefaultTenant, "order-o-1");

    [Fact]
    public async Task Serialize_UsesTheStableName_AndDeserializeReturnsAnEqualEvent()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        var serializer = services.GetRequiredService<EventSerializer>();

        var serialized = serializer.Serialize(new OrderPlaced("o-1", "ada", 9.5m));
        var back = serializer.Deserialize(Recorded(serialized.Name, serialized.Data.ToArray()));

        Assert.Equal("orders.order-placed", serialized.Name);
        Assert.Equal("""{"orderId":"o-1","customer":"ada","total":9.5}""", Encoding.UTF8.GetString(serialized.Data.Span));
        Assert.Equal(new OrderPlaced("o-1", "ada", 9.5m), back);
    }

    [Fact]
    public async Task Load_OfAStoredEventWithAnUnknownName_ThrowsNamingStreamVersionAndName()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await RepositoryTests.SeedOrderAsync(services, "o-1");
        await AppendRawAsync(store, "orders.order-vanished", "{}");

        var error = await Assert.ThrowsAsync<UnknownEventNameException>(() => LoadAsync(services, "o-1"));

        Assert.Equal((s_stream, 2L, "orders.order-vanished"), (error.Stream, error.Version, error.EventName));
        Assert.Contains("'orders.order-vanished' at version 2 of stream 'order-o-1' (tenant 'default')", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"orderId\":\"o-1\",")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"total\":\"lots\"}")]
    public async Task Load_OfAStoredEventWithCorruptJson_ThrowsNamingStreamVersionAndName(string json)
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await AppendRawAsync(store, "orders.order-placed", json);

        var error = await Assert.ThrowsAsync<CorruptEventException>(() => LoadAsync(services, "o-1"));

        Assert.Equal((s_stream, 1L, "orders.order-placed", "data"), (error.Stream, error.Version, error.EventName, error.Part));
        Assert.IsType<JsonException>(error.InnerException);
        Assert.Contains("event 'orders.order-placed' at version 1 of stream 'order-o-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_OfAStoredJsonNull_IsCorrupt()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await AppendRawAsync(store, "orders.order-placed", "null");

        var error = await Assert.ThrowsAsync<CorruptEventException>(() => LoadAsync(services, "o-1"));

        Assert.Null(error.InnerException);
        Assert.Contains("JSON null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_OfAnEventMissingFromTheJsonContext_ThrowsNamingTheTypeAndTheFix_AndWritesNothing()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var order = orders.Create("o-1");
        order.Place("ada", 1m);
        order.Audit("checked");

        var error = await Assert.ThrowsAsync<EventTypeNotSerializableException>(() => orders.SaveAsync(order).AsTask());

        Assert.Equal(typeof(OrderAudited), error.EventType);
        Assert.Contains($"[JsonSerializable(typeof({typeof(OrderAudited).FullName}))]", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetStreamVersionAsync(s_stream));
        Assert.Equal(2, order.UncommittedEvents.Count);
    }

    [Fact]
    public async Task Load_OfAStoredEventMissingFromTheJsonContext_ThrowsNamingTheType()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await AppendRawAsync(store, "OrderAudited", """{"Note":"x"}""");

        var error = await Assert.ThrowsAsync<EventTypeNotSerializableException>(() => LoadAsync(services, "o-1"));

        Assert.Equal(typeof(OrderAudited), error.EventType);
    }

    [Fact]
    public async Task SecondJsonContext_AddsItsTypes()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store, b => b.UseEventSourcing(AuditJsonContext.Default));
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var order = orders.Create("o-1");
        order.Place("ada", 1m);
        order.Audit("checked");

        await orders.SaveAsync(order);

        var stored = await store.ReadAsync(StreamId.DefaultTenant, "order-o-1");
        Assert.Equal("""{"orderId":"o-1","customer":"ada","total":1}""", Encoding.UTF8.GetString(stored[0].Data.Span)); // the first context's options
        Assert.Equal(2, (await LoadAsync(services, "o-1")).Version);
    }

    [Fact]
    public async Task Serialize_OfAnEventTheGeneratorDidNotCatalogue_IsRefused()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore(), b => b.UseEventSourcing(AuditJsonContext.Default));

        var error = Assert.Throws<EventTypeNotSerializableException>(() => services.GetRequiredService<EventSerializer>().Serialize(new Wrapped<int>(1)));

        Assert.Contains("not in the message catalogue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_OfAStoredEventTheAggregateHasNoApplyFor_ThrowsNamingAggregateAndEvent()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        var serialized = services.GetRequiredService<EventSerializer>().Serialize(new CustomerRegistered("c-1", "ada"));
        await store.AppendAsync(s_stream, ExpectedVersion.Any, [new EventData(Guid.CreateVersion7(), serialized.Name, serialized.Data, default)]);

        var error = await Assert.ThrowsAsync<MissingApplyMethodException>(() => LoadAsync(services, "o-1"));

        Assert.Equal((typeof(Order), typeof(CustomerRegistered)), (error.AggregateType, error.EventType));
    }

    [Fact]
    public async Task Envelope_RoundTrips_AndEmptyMetadataIsNull_AndCorruptMetadataThrows()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        var serializer = services.GetRequiredService<EventSerializer>();
        var envelope = new MessageEnvelope
        {
            MessageId = Guid.CreateVersion7(),
            MessageName = "orders.order-placed",
            CorrelationId = Guid.CreateVersion7(),
            CausationId = Guid.CreateVersion7(),
            TenantId = "acme",
            UserId = "ada",
            Timestamp = DateTimeOffset.UnixEpoch,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };

        var back = serializer.DeserializeEnvelope(Recorded("orders.order-placed", "{}"u8.ToArray(), serializer.SerializeEnvelope(envelope).ToArray()));

        Assert.Equal(envelope, back);
        Assert.Null(serializer.DeserializeEnvelope(Recorded("orders.order-placed", "{}"u8.ToArray())));
        var error = Assert.Throws<CorruptEventException>(() => serializer.DeserializeEnvelope(Recorded("orders.order-placed", "{}"u8.ToArray(), "{oops"u8.ToArray())));
        Assert.Equal("metadata", error.Part);
    }

    [Fact]
    public void Options_WithoutATypeInfoResolver_AreRefused()
    {
        var catalog = new ServiceCollection().AddWhizbang().BuildServiceProvider().GetRequiredService<IMessageCatalog>();

        Assert.Throws<ArgumentException>(() => new EventSerializer(new JsonSerializerOptions(), catalog));
    }

    private static RecordedEvent Recorded(string name, byte[] data, byte[]? metadata = null)
        => new(s_stream, 1, new GlobalPosition(0, 1), Guid.CreateVersion7(), name, data, metadata ?? default(ReadOnlyMemory<byte>), DateTimeOffset.UtcNow);

    private static ValueTask<AppendResult> AppendRawAsync(InMemoryEventStore store, string name, string json)
        => store.AppendAsync(s_stream, ExpectedVersion.Any, [new EventData(Guid.CreateVersion7(), name, Encoding.UTF8.GetBytes(json), default)]);

    private static async Task<Order> LoadAsync(IServiceProvider services, string id)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync(id))!;
    }
}
