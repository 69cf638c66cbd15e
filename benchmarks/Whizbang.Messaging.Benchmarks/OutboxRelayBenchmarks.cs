using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Whizbang.EventStore.Benchmarks;
using Whizbang.Kafka;
using Whizbang.Kafka.Testing;
using Whizbang.Transport;
using Wolverine;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// Outbox throughput: <see cref="Messages"/> commands from the outbox to acknowledged produce on Kafka, per
/// invocation. One operation is one message, so Mean is the time per message (1 s / Mean = messages per second).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="WhizbangRelay"/>: the outbox is filled before the iteration (a Sales command whose handler sends
/// <see cref="Messages"/> Stock commands, written in one transaction), then <see cref="OutboxRelay.RelayBatchAsync"/>
/// runs until every message is acknowledged and marked sent: the hosted relay's loop, with nothing else in it.</item>
/// <item><see cref="WhizbangSendAndRelay"/> and <see cref="WolverineSendAndRelay"/>: the same send (one transaction)
/// and the hosted relay draining it, timed together, because Wolverine's durable outbox starts sending as soon as the
/// transaction commits and cannot be filled first.</item>
/// <item><see cref="ConfluentProduce"/>: the floor, Confluent.Kafka's idempotent producer alone (no database),
/// producing the same bytes (key, payload, envelope headers) with Whizbang's producer settings.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class OutboxRelayBenchmarks
{
    public const int Messages = 10_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private BenchmarkDatabase _database = null!;
    private KafkaMockCluster _kafka = null!;
    private WhizbangService? _whizbang;
    private OutboxRelay? _relay;
    private SentCounter? _sent;
    private WolverineService? _wolverine;
    private IProducer<string, byte[]>? _producer;
    private Message<string, byte[]>[] _records = [];
    private int _batch;

    [GlobalSetup(Target = nameof(WhizbangRelay))]
    public async Task SetUpWhizbangRelay()
    {
        await SetUpWhizbangAsync();
        _relay = _whizbang!.Services.GetRequiredService<OutboxRelay>();
        // Warm-up outside the measurement: the schema, the producer's connection, the prepared statements, the JIT.
        FillOutbox();
        await WhizbangRelay();
    }

    [GlobalSetup(Target = nameof(WhizbangSendAndRelay))]
    public async Task SetUpWhizbangSendAndRelay()
    {
        await SetUpWhizbangAsync();
        _sent = new SentCounter();
        await _whizbang!.StartWorkersAsync();
        await WhizbangSendAndRelay();
    }

    [GlobalSetup(Target = nameof(WolverineSendAndRelay))]
    public async Task SetUpWolverine()
    {
        await SetUpInfrastructureAsync(Schemas.Of("wolverine_sales"));
        _wolverine = await WolverineService.StartAsync(_database.ConnectionString, _kafka.BootstrapServers, sales: true, ServiceTuning.SendOnly);
        await WolverineSendAndRelay();
    }

    [GlobalSetup(Target = nameof(ConfluentProduce))]
    public async Task SetUpConfluent()
    {
        await SetUpInfrastructureAsync();
        // Whizbang's producer settings (KafkaOptions): idempotent, acks=all, 5 ms linger.
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        }).Build();
        _records = [.. Enumerable.Range(0, Messages).Select(Record)];
        await ConfluentProduce();
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _sent?.Dispose();
        _producer?.Dispose();
        if (_whizbang is not null)
        {
            await _whizbang.DisposeAsync();
        }

        if (_wolverine is not null)
        {
            await _wolverine.DisposeAsync();
        }

        _kafka.Dispose();
        await _database.DisposeAsync();
    }

    // BenchmarkDotNet calls iteration setups synchronously (only global setups may be async).
    [IterationSetup(Target = nameof(WhizbangRelay))]
    public void FillOutbox() => _whizbang!.Whizbang.Send(new PlaceOrders(NextBatch(), Messages)).AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task WhizbangRelay()
    {
        var sent = 0;
        while (sent < Messages)
        {
            var relayed = await _relay!.RelayBatchAsync();
            if (relayed == 0)
            {
                throw new InvalidOperationException($"The relay found nothing more to send after {sent} of {Messages} messages (a failed send waits for its retry).");
            }

            sent += relayed;
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task WhizbangSendAndRelay()
    {
        var drained = _sent!.WaitForMore(Messages);
        await _whizbang!.Whizbang.Send(new PlaceOrders(NextBatch(), Messages));
        await drained.WaitAsync(Timeout);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task WolverineSendAndRelay()
    {
        var wolverine = _wolverine!;
        var batch = NextBatch();
        await using (var connection = await wolverine.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var context = await wolverine.EnlistAsync(transaction);
            for (var i = 0; i < Messages; i++)
            {
                await context.PublishAsync(new WolverineReserveStock($"{batch}-{i}", Skus.Of(i), 1), new DeliveryOptions { PartitionKey = Skus.Of(i) });
            }

            await transaction.CommitAsync();
            await context.FlushOutgoingMessagesAsync();
        }

        await WaitUntilSentAsync(wolverine);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task ConfluentProduce()
    {
        var producer = _producer!;
        var outstanding = Messages;
        var failed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Report(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }

            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                done.SetResult();
            }
        }

        foreach (var record in _records)
        {
            producer.Produce(Topics.ConfluentFloor, record, Report);
        }

        await done.Task.WaitAsync(Timeout);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {Messages} messages were not acknowledged.");
        }
    }

    private async Task SetUpInfrastructureAsync(params string[] schemas)
    {
        _database = await BenchmarkDatabase.StartAsync();
        await Schemas.DropAsync(_database.ConnectionString, schemas);
        _kafka = Topics.StartCluster();
    }

    private async Task SetUpWhizbangAsync()
    {
        await SetUpInfrastructureAsync(Schemas.Of("sales"));
        _whizbang = WhizbangService.Create(_database.ConnectionString, _kafka.BootstrapServers, "sales", "Sales", ServiceTuning.SendOnly);
    }

    /// <summary>Wolverine deletes an outgoing envelope once Kafka acknowledged it; polled every 10 ms.</summary>
    private static async Task WaitUntilSentAsync(WolverineService wolverine)
    {
        var deadline = DateTime.UtcNow + Timeout;
        await using var connection = await wolverine.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT FROM \"{wolverine.Schema}\".wolverine_outgoing_envelopes)", connection);
        while ((bool)(await command.ExecuteScalarAsync())!)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Wolverine's outbox still held messages after {Timeout}.");
            }

            await Task.Delay(10);
        }
    }

    private string NextBatch() => $"b{Environment.ProcessId}-{++_batch}";

    /// <summary>What Whizbang's relay produces for a reservation: its key, its JSON and its envelope as headers.</summary>
    private static Message<string, byte[]> Record(int i)
    {
        var command = new ReserveStock($"floor-{i}", Skus.Of(i), 1);
        var envelope = new MessageEnvelope
        {
            MessageId = Guid.CreateVersion7(),
            MessageName = nameof(ReserveStock),
            CorrelationId = Guid.CreateVersion7(),
            CausationId = Guid.CreateVersion7(),
            TenantId = Tenancy.TenantIds.Default,
            Timestamp = DateTimeOffset.UtcNow,
        };
        return new Message<string, byte[]>
        {
            Key = command.Sku,
            Value = JsonSerializer.SerializeToUtf8Bytes(command, BenchmarkJson.Default.ReserveStock),
            Headers = KafkaEnvelopeHeaders.ToHeaders(envelope),
        };
    }
}
