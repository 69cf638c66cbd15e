using Microsoft.Extensions.Hosting;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Samples.Shop.Hosting;
using Whizbang.Samples.Shop.Orders;

// The Orders service on its own, against the Kafka named by WHIZBANG_KAFKA (start Inventory too). It places a few
// orders, prints Inventory's answers, then serves until Ctrl+C. samples/Whizbang.Samples.Shop runs both services at once.
using var host = OrdersService.Build(ShopServiceSettings.FromEnvironment(OrdersService.Name));
await host.StartAsync();
var run = Guid.NewGuid().ToString("N")[..6];
await OrderDesk.PlaceAsync(host, [new PlaceOrder($"order-{run}-1", "KB-01", 2), new PlaceOrder($"order-{run}-2", "MON-4", 1)], TimeSpan.FromMinutes(1));
Console.WriteLine("Orders is running; Ctrl+C stops it.");
await host.WaitForShutdownAsync();
