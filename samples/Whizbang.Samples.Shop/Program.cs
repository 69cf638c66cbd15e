using Microsoft.Extensions.DependencyInjection;
using Whizbang.Kafka.Testing;
using Whizbang.Outbox;
using Whizbang.Samples.Shop;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Samples.Shop.Hosting;
using Whizbang.Samples.Shop.Inventory;
using Whizbang.Samples.Shop.Orders;

// Kafka: the one named by WHIZBANG_KAFKA, or brokers started in this process (librdkafka's mock cluster).
var kafka = Environment.GetEnvironmentVariable(ShopServiceSettings.KafkaVariable);
using var mock = string.IsNullOrWhiteSpace(kafka) ? KafkaMockCluster.Start() : null;
if (mock is not null)
{
    kafka = mock.BootstrapServers;
    // The services create the topics they own or consume on a real cluster; the mock's admin API cannot, so here.
    foreach (var topic in ShopTopics.All)
    {
        mock.CreateTopic(topic, partitions: 3);
    }

    Console.WriteLine($"Kafka: in-process mock cluster at {kafka} (set {ShopServiceSettings.KafkaVariable} to use a real one)");
}
else
{
    Console.WriteLine($"Kafka: {kafka} ({ShopServiceSettings.KafkaVariable})");
}

// Each service has its own database; a fresh pair per run keeps the transcript the same every time.
var data = Directory.CreateTempSubdirectory("whizbang-shop-");
using var inventory = InventoryService.Build(new ShopServiceSettings(kafka!, Path.Combine(data.FullName, "inventory.db")));
using var orders = OrdersService.Build(new ShopServiceSettings(kafka!, Path.Combine(data.FullName, "orders.db")));
try
{
    await inventory.StartAsync();
    await orders.StartAsync();

    await Warehouse.RestockAsync(inventory, OrderDesk.Tenant, [new Restock("KB-01", 5), new Restock("MON-4", 1)]);
    var placed = await OrderDesk.PlaceAsync(
        orders,
        [new PlaceOrder("order-1", "KB-01", 2), new PlaceOrder("order-2", "MON-4", 1), new PlaceOrder("order-3", "MON-4", 1), new PlaceOrder("order-4", "KB-01", 3)],
        TimeSpan.FromSeconds(60));

    Console.WriteLine("Outcome:");
    foreach (var (order, status) in placed)
    {
        Console.WriteLine($"  {order.OrderId}: {order.Quantity} x {order.Sku} {status}");
    }

    foreach (var (name, service) in new[] { (OrdersService.Name, orders), (InventoryService.Name, inventory) })
    {
        var counts = await Drained(service.Services.GetRequiredService<IMessageStore>());
        Console.WriteLine($"  {name}: outbox {counts.Sent} sent, {counts.Pending + counts.Leased} waiting, {counts.DeadLetters} dead letters; inbox {counts.InboxEntries} handled");
    }
}
finally
{
    await orders.StopAsync();
    await inventory.StopAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    data.Delete(recursive: true);
}

// The last events (confirmations) are still on their way to Kafka when the last answer is handled: wait for the relay.
static async Task<OutboxCounts> Drained(IMessageStore messages)
{
    var deadline = DateTime.UtcNow.AddSeconds(10);
    var counts = await messages.CountAsync();
    while (counts.Pending + counts.Leased > 0 && DateTime.UtcNow < deadline)
    {
        await Task.Delay(50);
        counts = await messages.CountAsync();
    }

    return counts;
}
