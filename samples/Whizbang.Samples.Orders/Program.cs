using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Pipeline.Authorization;
using Whizbang.Pipeline.Validation;
using Whizbang.Projections;
using Whizbang.Samples.Orders;
using Whizbang.Tenancy;

// The embedded event store: one SQLite file, no server. A new file per run keeps the transcript the same every time.
var database = Path.Combine(Path.GetTempPath(), $"whizbang-orders-{Guid.NewGuid():N}.db");
Console.WriteLine($"Event store: {database}");

await using var services = new ServiceCollection()
    .AddSingleton(Console.Out)
    .AddSingleton<OrderNumbers>()
    .AddSingleton<IMessageValidator<PlaceOrder>, PlaceOrderValidator>()
    .AddWhizbang(whizbang => whizbang // generated: registers every handler and aggregate the compiler found
        .UseAuthorization() // each message's [RequiresPermission] is checked against the caller's claims
        .UseValidation()
        .UseEventSourcing(OrdersJson.Default)
        .UseSqliteEventStore($"Data Source={database}") // events and projection documents in one file
        .RunProjectionDaemon(false)) // no host here: the projections catch up when asked, below
    .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

try
{
    var whizbang = services.GetRequiredService<IWhizbang>();

    // A web host opens this scope per request (app.UseWhizbangTenancy()); everything inside runs for tenant acme.
    using var clerk = TenantScope.Begin("acme", User("clerk-1", "orders.place", "orders.cancel", "orders.read"));
    Console.WriteLine("Working as clerk-1 in tenant acme");

    Console.WriteLine("Placing orders...");
    var first = await whizbang.Send(new PlaceOrder("ada", [new OrderLine("KB-01", 2, 49.50m)]));
    var second = await whizbang.Send(new PlaceOrder("ada", [new OrderLine("MS-02", 1, 19.99m), new OrderLine("PAD-3", 3, 5m)]));
    var third = await whizbang.Send(new PlaceOrder("grace", [new OrderLine("MON-4", 1, 229m)]));

    Console.WriteLine($"Cancelling {second}...");
    await whizbang.Send(new CancelOrder(second, "changed my mind"));

    // A hosted application's background worker does this continuously; here the read side catches up on demand.
    var projections = services.GetRequiredService<IProjectionManager>();
    await projections.CatchUpAsync();
    foreach (var status in await projections.GetStatusAsync())
    {
        Console.WriteLine($"Projection {status.Projection}: {status.State}, {status.EventsBehind} events behind");
    }

    Console.WriteLine("Orders of ada:");
    foreach (var order in await whizbang.Query(new ListOrders("ada")))
    {
        Console.WriteLine($"  {order.Id}: {order.Total:0.00} {order.Status}");
    }

    var lookup = await whizbang.Query(new GetOrder(third));
    Console.WriteLine($"Lookup {third}: {lookup?.Customer} {lookup?.Total:0.00} {lookup?.Status}");

    Console.WriteLine($"Stream of {second}:");
    await foreach (var recorded in services.GetRequiredService<IEventStore>().ReadStreamAsync(new StreamId("acme", second.ToString())))
    {
        Console.WriteLine($"  v{recorded.Version} {recorded.EventName}");
    }

    try
    {
        await whizbang.Send(new PlaceOrder("nobody", []));
    }
    catch (MessageValidationException error)
    {
        Console.WriteLine($"Rejected: {error.Message}");
    }

    try
    {
        await whizbang.Send(new CancelOrder(second, "twice"));
    }
    catch (InvalidOperationException error)
    {
        Console.WriteLine($"Refused: {error.Message}");
    }

    using (TenantScope.Begin("acme", User("viewer-7", "orders.read"))) // the same tenant, a caller who may only read
    {
        try
        {
            await whizbang.Send(new CancelOrder(first, "not mine to cancel"));
        }
        catch (MessageAuthorizationException error)
        {
            Console.WriteLine($"Denied: {error.Message}");
        }
    }

    var statistics = services.GetRequiredService<SalesStatistics>();
    Console.WriteLine($"Statistics: {statistics.Placed} placed, {statistics.Cancelled} cancelled (first was {first})");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

static ClaimsPrincipal User(string id, params string[] permissions)
    => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), .. permissions.Select(p => new Claim("permission", p))], authenticationType: "sample"));
