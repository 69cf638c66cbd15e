using Microsoft.Extensions.Hosting;
using Whizbang.Samples.Shop.Contracts;
using Whizbang.Samples.Shop.Hosting;
using Whizbang.Samples.Shop.Inventory;

// The Inventory service on its own, against the Kafka named by WHIZBANG_KAFKA: it restocks tenant acme's shelves,
// then answers Orders' reservations until Ctrl+C. samples/Whizbang.Samples.Shop runs both services at once.
using var host = InventoryService.Build(ShopServiceSettings.FromEnvironment(InventoryService.Name));
await host.StartAsync();
await Warehouse.RestockAsync(host, "acme", [new Restock("KB-01", 5), new Restock("MON-4", 1)]);
Console.WriteLine("Inventory is running; Ctrl+C stops it.");
await host.WaitForShutdownAsync();
