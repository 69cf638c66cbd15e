using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventStore.Benchmarks;
using Whizbang.Kafka.Testing;
using Wolverine;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// End-to-end latency of one command between two services, each with its own database and its hosted workers: from
/// the send in Sales (a command owned by Stock: Sales's outbox, its relay, Kafka, Stock's consumer and inbox) to
/// Stock's handler running. One message per invocation, one invocation per iteration, so the percentiles are those of
/// single messages.
/// </summary>
[Config(typeof(LatencyConfig))]
public class EndToEndLatencyBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private BenchmarkDatabase _database = null!;
    private KafkaMockCluster _kafka = null!;
    private WhizbangService? _whizbangSales;
    private WhizbangService? _whizbangStock;
    private WolverineService? _wolverineSales;
    private WolverineService? _wolverineStock;
    private IServiceScope? _wolverineScope;
    private IMessageBus? _wolverineBus;
    private DeliveryProbe _probe = null!;
    private int _sequence;

    [GlobalSetup(Target = nameof(Whizbang))]
    public async Task SetUpWhizbang()
    {
        await SetUpInfrastructureAsync(Schemas.Of("sales"), Schemas.Of("stock"));
        _whizbangSales = WhizbangService.Create(_database.ConnectionString, _kafka.BootstrapServers, "sales", "Sales", ServiceTuning.LowLatency);
        _whizbangStock = WhizbangService.Create(_database.ConnectionString, _kafka.BootstrapServers, "stock", "Stock", ServiceTuning.LowLatency);
        await _whizbangSales.StartWorkersAsync();
        await _whizbangStock.StartWorkersAsync();
        _probe = _whizbangStock.Services.GetRequiredService<DeliveryProbe>();
        await WaitUntilDeliveringAsync(Whizbang);
    }

    [GlobalSetup(Target = nameof(Wolverine))]
    public async Task SetUpWolverine()
    {
        await SetUpInfrastructureAsync(Schemas.Of("wolverine_sales"), Schemas.Of("wolverine_stock"));
        _wolverineSales = await WolverineService.StartAsync(_database.ConnectionString, _kafka.BootstrapServers, sales: true, ServiceTuning.LowLatency);
        _wolverineStock = await WolverineService.StartAsync(_database.ConnectionString, _kafka.BootstrapServers, sales: false, ServiceTuning.LowLatency);
        _wolverineScope = _wolverineSales.Services.CreateScope();
        _wolverineBus = _wolverineScope.ServiceProvider.GetRequiredService<IMessageBus>();
        _probe = _wolverineStock.Services.GetRequiredService<DeliveryProbe>();
        await WaitUntilDeliveringAsync(Wolverine);
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _wolverineScope?.Dispose();
        foreach (var service in (IAsyncDisposable?[])[_whizbangSales, _whizbangStock, _wolverineSales, _wolverineStock])
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        _kafka.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary><c>IWhizbang.Send</c> in Sales of a command Stock owns: one outbox row, committed, then relayed.</summary>
    [Benchmark]
    public Task Whizbang() => SendAndWaitAsync(static (benchmark, orderId, sku) => benchmark._whizbangSales!.Whizbang.Send(new ReserveStock(orderId, sku, 1)).AsTask());

    /// <summary><c>IMessageBus.PublishAsync</c> in Sales to a Kafka topic with a durable outbox: one outgoing envelope, stored, then sent.</summary>
    [Benchmark]
    public Task Wolverine() => SendAndWaitAsync(static (benchmark, orderId, sku) => benchmark._wolverineBus!.PublishAsync(
        new WolverineReserveStock(orderId, sku, 1), new DeliveryOptions { PartitionKey = sku }).AsTask());

    private async Task SendAndWaitAsync(Func<EndToEndLatencyBenchmarks, string, string, Task> send)
    {
        var sequence = ++_sequence;
        var orderId = $"o{Environment.ProcessId}-{sequence}";
        var arrived = _probe.Expect(orderId);
        await send(this, orderId, Skus.Of(sequence));
        await arrived.WaitAsync(Timeout);
    }

    private async Task SetUpInfrastructureAsync(params string[] schemas)
    {
        _database = await BenchmarkDatabase.StartAsync();
        await Schemas.DropAsync(_database.ConnectionString, schemas);
        _kafka = Topics.StartCluster();
    }

    /// <summary>
    /// Sends until a message arrives: the consumer has joined its group and owns the topic's partitions. A message
    /// sent before that may arrive later; the probe ignores it.
    /// </summary>
    private async Task WaitUntilDeliveringAsync(Func<Task> benchmark)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                await benchmark().WaitAsync(TimeSpan.FromSeconds(2));
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
