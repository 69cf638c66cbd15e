using System.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.Tenancy;
using Xunit.Abstractions;

namespace Whizbang.Kafka.Tests.Shop;

/// <summary>
/// Sales and Stock as two services, each with its own database, exchanging a command and an event through Kafka:
/// the same handler code as in one process, with tenant, correlation and trace carried across.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class TwoServiceTests(KafkaTestCluster kafka, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _prefix = kafka.NewTopicName("shop");
    private readonly Observations _observations = new();
    private readonly ShopStores _salesStores = new();
    private readonly ShopStores _stockStores = new();
    private ShopService _sales = null!;
    private ShopService _stock = null!;

    public async Task InitializeAsync()
    {
        output.WriteLine(kafka.Description);
        await ShopTopics.CreateAsync(kafka, _prefix);
        _sales = await ShopService.StartAsync(kafka, _prefix, "sales", "Sales", _salesStores, _observations);
        _stock = await ShopService.StartAsync(kafka, _prefix, "stock", "Stock", _stockStores, _observations);
        await _sales.WaitUntilConsumingAsync();
        await _stock.WaitUntilConsumingAsync();
    }

    public async Task DisposeAsync()
    {
        await _sales.DisposeAsync();
        await _stock.DisposeAsync();
    }

    private static async Task<List<string>> EventNamesAsync(IEventStore store)
    {
        var names = new List<string>();
        await foreach (var e in store.ReadAllAsync(new ReadAllOptions()))
        {
            names.Add(e.EventName);
        }

        return names;
    }

    [Fact]
    public async Task A_command_and_an_event_cross_services_with_tenant_correlation_and_trace_preserved()
    {
        using var listener = TraceListener.Start();
        using var root = TraceListener.Source.StartActivity("checkout")!;
        using (TenantScope.Begin("acme"))
        {
            await _sales.Whizbang.Send(new PlaceOrder("o-1", "KB-01", 2));
        }

        await Eventually.True(() => _observations.Of<StockReserved>("sales").Count == 1, "Sales heard that Stock reserved the order");

        var placed = Assert.Single(_observations.Of<PlaceOrder>("sales"));
        var reserve = Assert.Single(_observations.Of<ReserveStock>("stock"));
        var reserved = Assert.Single(_observations.Of<StockReserved>("sales"));
        Assert.Empty(_observations.Of<ReserveStock>("sales")); // Sales does not own Stock: it never ran the command

        Assert.All([placed, reserve, reserved], o => Assert.Equal("acme", o.Envelope.TenantId));
        Assert.All([reserve, reserved], o => Assert.Equal(placed.Envelope.CorrelationId, o.Envelope.CorrelationId));
        Assert.Equal(placed.Envelope.MessageId, reserve.Envelope.CausationId); // sent by PlaceOrder's handler
        Assert.All([placed, reserve, reserved], o => Assert.Equal(root.TraceId, o.TraceId));

        // Each service stored its own events, in the tenant's streams.
        Assert.Equal(["OrderPlaced"], await EventNamesAsync(_salesStores.Events));
        Assert.Equal(["StockReserved"], await EventNamesAsync(_stockStores.Events));
        Assert.Equal(1, await _stockStores.Events.CountStreamsAsync("acme"));
    }
}

/// <summary>Samples every span of the test's source and Whizbang's, so envelopes carry a traceparent.</summary>
internal static class TraceListener
{
    public static readonly ActivitySource Source = new("Whizbang.Kafka.Tests");

    public static ActivityListener Start()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Whizbang" or "Whizbang.Kafka.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
