using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Outbox;
using Whizbang.Tenancy;
using Xunit.Abstractions;

namespace Whizbang.Kafka.Tests.Shop;

/// <summary>
/// Exactly-once effects when things break: each case makes Kafka deliver a message twice, or not at first, and checks
/// at the database (the Stock service's stream and its handler's runs) that its effect happened once.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FaultInjectionTests(KafkaTestCluster kafka, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _prefix = kafka.NewTopicName("faults");
    private readonly Observations _observations = new();
    private readonly ShopStores _salesStores = new();
    private readonly ShopStores _stockStores = new();

    public async Task InitializeAsync()
    {
        output.WriteLine(kafka.Description);
        await ShopTopics.CreateAsync(kafka, _prefix);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_relay_that_dies_after_producing_and_before_marking_sent_causes_a_redelivery_the_inbox_absorbs()
    {
        await using var stock = await StartStockAsync();
        await using (var sales = await StartSalesAsync(runWorkers: false, lease: TimeSpan.FromSeconds(1)))
        {
            await PlaceOrderAsync(sales, "o-1");

            // The dying relay: claims, produces, gets the acks... and never records them.
            var claimed = await _salesStores.Messages.ClaimAsync("relay-that-dies", 100, TimeSpan.FromSeconds(1));
            Assert.Equal(2, claimed.Count); // ReserveStock and the published OrderPlaced
            using var transport = new KafkaTransport(new KafkaOptions { BootstrapServers = kafka.BootstrapServers });
            Assert.Empty(await transport.SendAsync([.. claimed.Select(c => c.Message)], CancellationToken.None));
        }

        // A live replica takes over once the lease ends and sends both again.
        await using var replica = await StartSalesAsync(runWorkers: true, lease: TimeSpan.FromSeconds(1));
        await Eventually.True(async () => (await _salesStores.Messages.CountAsync()).Pending == 0, "the replica sent the abandoned messages");
        await PlaceOrderAsync(replica, "o-2"); // same SKU, so same partition: handled after the duplicate

        await AssertReservedOnceEachAsync("o-1", "o-2");
    }

    [Fact]
    public async Task A_consumer_that_dies_after_its_handler_and_before_committing_its_offset_causes_a_redelivery_the_inbox_absorbs()
    {
        await using var sales = await StartSalesAsync(runWorkers: true);
        await using (var dying = await StartStockAsync(k => k.ConfigureConsumer = NeverCommit))
        {
            await PlaceOrderAsync(sales, "o-1");
            await Eventually.True(() => _observations.Of<ReserveStock>("stock").Count == 1, "the first consumer handled the command");
        }

        // The next consumer of the group starts from the last committed offset: before o-1.
        await using var next = await StartStockAsync(k => k.ConfigureConsumer = NeverCommit);
        await PlaceOrderAsync(sales, "o-2");

        await AssertReservedOnceEachAsync("o-1", "o-2");
    }

    [Fact]
    public async Task A_message_delivered_twice_is_handled_once()
    {
        await using var sales = await StartSalesAsync(runWorkers: false);
        await using var stock = await StartStockAsync();
        await PlaceOrderAsync(sales, "o-1");
        var claimed = await _salesStores.Messages.ClaimAsync("twice", 100, TimeSpan.FromMinutes(1));
        using var transport = new KafkaTransport(new KafkaOptions { BootstrapServers = kafka.BootstrapServers });
        for (var i = 0; i < 2; i++)
        {
            Assert.Empty(await transport.SendAsync([.. claimed.Select(c => c.Message)], CancellationToken.None));
        }

        await _salesStores.Messages.MarkSentAsync([.. claimed.Select(c => c.Message.MessageId)]);
        await using var relay = await StartSalesAsync(runWorkers: true);
        await PlaceOrderAsync(relay, "o-2");

        await AssertReservedOnceEachAsync("o-1", "o-2");
    }

    [Fact]
    public async Task A_broker_error_delays_delivery_and_loses_or_doubles_nothing()
    {
        await using var stock = await StartStockAsync();
        await using var sales = await StartSalesAsync(runWorkers: true, k => k.ConfigureProducer = p => p.MessageTimeoutMs = 1_000);
        if (kafka.Mock is { } mock)
        {
            mock.SetBrokerDown(1);
            try
            {
                await PlaceOrderAsync(sales, "o-1");
                await Task.Delay(TimeSpan.FromSeconds(2)); // longer than the produce timeout: the relay's first sends fail
                Assert.Equal(2, (await _salesStores.Messages.CountAsync()).Pending);
            }
            finally
            {
                mock.SetBrokerUp(1);
            }

            mock.PushProduceErrors(19, 19, 19); // NOT_ENOUGH_REPLICAS, which the producer retries itself
        }
        else
        {
            output.WriteLine("Real broker: faults cannot be injected, so this checks delivery without them.");
            await PlaceOrderAsync(sales, "o-1");
        }

        await PlaceOrderAsync(sales, "o-2");
        await AssertReservedOnceEachAsync("o-1", "o-2");
    }

    [Fact]
    public async Task Poison_messages_are_dead_lettered_to_the_table_and_the_topic_and_do_not_block_the_partition()
    {
        await using var sales = await StartSalesAsync(runWorkers: true);
        await using var stock = await StartStockAsync();
        var topic = $"{_prefix}.stock.commands";
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            // No headers at all, then a valid envelope over a payload that is not JSON; both on KB-01's partition.
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "KB-01", Value = "garbage"u8.ToArray() });
            var envelope = new Whizbang.Messaging.MessageEnvelope
            {
                MessageId = Guid.CreateVersion7(), MessageName = "ReserveStock", CorrelationId = Guid.CreateVersion7(), TenantId = "acme", Timestamp = DateTimeOffset.UtcNow,
            };
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "KB-01", Value = "{not json"u8.ToArray(), Headers = KafkaEnvelopeHeaders.ToHeaders(envelope) });
        }

        await PlaceOrderAsync(sales, "o-1");
        await AssertReservedOnceEachAsync("o-1");

        var letters = await _stockStores.Messages.GetDeadLettersAsync(10);
        Assert.Equal(2, letters.Count);
        Assert.Contains(letters, l => l.MessageId is null && l.Error.Contains(KafkaEnvelopeHeaders.MessageId, StringComparison.Ordinal));
        Assert.Contains(letters, l => l.MessageName == "ReserveStock" && l.Error.Contains("not valid JSON", StringComparison.Ordinal));

        var copies = ConsumeAll(topic + ".dead-letter", expected: 2);
        Assert.All(copies, c => Assert.NotNull(c.Message.Headers.FirstOrDefault(h => h.Key == KafkaTransport.ErrorHeader)));
        Assert.Equal(["garbage", "{not json"], copies.Select(c => System.Text.Encoding.UTF8.GetString(c.Message.Value)));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_and_then_dead_lettered_without_blocking_what_follows()
    {
        await using var stock = await StartStockAsync();
        await using var sales = await StartSalesAsync(runWorkers: true);
        _observations.FailuresLeft = 2; // the third attempt succeeds
        await sales.Whizbang.Send(new CountStock("KB-01"));
        await Eventually.True(() => _observations.Of<CountStock>("stock").Count == 1, "the count succeeded on its third attempt");

        _observations.FailuresLeft = 100; // every attempt fails
        await sales.Whizbang.Send(new CountStock("MS-02"));
        await Eventually.True(async () => (await _stockStores.Messages.GetDeadLettersAsync(10)).Count == 1, "the count was dead-lettered");
        var letter = Assert.Single(await _stockStores.Messages.GetDeadLettersAsync(10));
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("on purpose", letter.Error, StringComparison.Ordinal);

        _observations.FailuresLeft = 0;
        await PlaceOrderAsync(sales, "o-1");
        await AssertReservedOnceEachAsync("o-1");
    }

    private static void NeverCommit(ConsumerConfig config) => config.EnableAutoCommit = false;

    private Task<ShopService> StartSalesAsync(bool runWorkers, TimeSpan? lease = null)
        => ShopService.StartAsync(kafka, _prefix, "sales", "Sales", _salesStores, _observations, m => m.RelayLease = lease ?? m.RelayLease, runWorkers: runWorkers);

    private Task<ShopService> StartSalesAsync(bool runWorkers, Action<KafkaOptions> configureKafka)
        => ShopService.StartAsync(kafka, _prefix, "sales", "Sales", _salesStores, _observations, configureKafka: configureKafka, runWorkers: runWorkers);

    private async Task<ShopService> StartStockAsync(Action<KafkaOptions>? configureKafka = null)
    {
        var stock = await ShopService.StartAsync(kafka, _prefix, "stock", "Stock", _stockStores, _observations, configureKafka: configureKafka);
        await stock.WaitUntilConsumingAsync();
        return stock;
    }

    private static async Task PlaceOrderAsync(ShopService sales, string orderId)
    {
        using (TenantScope.Begin("acme"))
        {
            await sales.Whizbang.Send(new PlaceOrder(orderId, "KB-01", 1));
        }
    }

    /// <summary>The orders' reservations, each handled once and stored once (the last one's arrival proves the earlier duplicates were read).</summary>
    private async Task AssertReservedOnceEachAsync(params string[] orderIds)
    {
        await Eventually.True(() => _observations.Of<ReserveStock>("stock").Any(o => ((ReserveStock)o.Message).OrderId == orderIds[^1]), $"Stock handled {orderIds[^1]}");
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // room for a wrongly repeated handling to show
        var handled = _observations.Of<ReserveStock>("stock").Select(o => ((ReserveStock)o.Message).OrderId).Order().ToList();
        Assert.Equal(orderIds.Order(), handled);
        Assert.Equal(orderIds.Length, await _stockStores.Events.CountAsync(new Whizbang.EventSourcing.ReadAllOptions { EventNames = ["StockReserved"] }));
    }

    private List<ConsumeResult<string, byte[]>> ConsumeAll(string topic, int expected)
    {
        var config = new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = kafka.NewGroupId("dead-letters"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + Eventually.Timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }
}
