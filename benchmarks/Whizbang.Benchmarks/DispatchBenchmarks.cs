using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Whizbang.Benchmarks.Direct;
using Whizbang.Benchmarks.MediatorDispatch;
using Whizbang.Benchmarks.WhizbangDispatch;
using Whizbang.Benchmarks.WolverineDispatch;
using Whizbang.Messaging;
using Wolverine;

namespace Whizbang.Benchmarks;

/// <summary>
/// In-process dispatch of a command with a result, a query and an event with two handlers, each through Whizbang,
/// Mediator (source generated), Wolverine and a direct interface call. Every contender has its own message and
/// handler types in its own container, every handler is a singleton that completes synchronously, and every
/// message is allocated once, so the allocations reported are the dispatcher's own.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DispatchBenchmarks
{
    private const string Send = "Send";
    private const string Query = "Query";
    private const string Publish = "Publish";

    private readonly DirectPing _directPing = new(1);
    private readonly DirectGetValue _directGetValue = new(2);
    private readonly DirectHappened _directHappened = new(3);
    private readonly WhizbangPing _whizbangPing = new(1);
    private readonly WhizbangGetValue _whizbangGetValue = new(2);
    private readonly WhizbangHappened _whizbangHappened = new(3);
    private readonly MediatorPing _mediatorPing = new(1);
    private readonly MediatorGetValue _mediatorGetValue = new(2);
    private readonly MediatorHappened _mediatorHappened = new(3);
    private readonly WolverinePing _wolverinePing = new(1);
    private readonly WolverineGetValue _wolverineGetValue = new(2);
    private readonly WolverineHappened _wolverineHappened = new(3);

    private ServiceProvider _directServices = null!;
    private IDirectRequestHandler<DirectPing, DirectPong> _directPingHandler = null!;
    private IDirectRequestHandler<DirectGetValue, DirectValue> _directGetValueHandler = null!;
    private IDirectEventHandler<DirectHappened>[] _directHappenedHandlers = null!;

    private ServiceProvider _whizbangServices = null!;
    private IWhizbang _whizbang = null!;

    private ServiceProvider _mediatorServices = null!;
    private IMediator _mediator = null!;

    private IHost _wolverineHost = null!;
    private IServiceScope _wolverineScope = null!;
    private IMessageBus _wolverine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directServices = new ServiceCollection()
            .AddSingleton<IDirectRequestHandler<DirectPing, DirectPong>, DirectPingHandler>()
            .AddSingleton<IDirectRequestHandler<DirectGetValue, DirectValue>, DirectGetValueHandler>()
            .AddSingleton<IDirectEventHandler<DirectHappened>, DirectHappenedCounter>()
            .AddSingleton<IDirectEventHandler<DirectHappened>, DirectHappenedTotal>()
            .BuildServiceProvider();
        _directPingHandler = _directServices.GetRequiredService<IDirectRequestHandler<DirectPing, DirectPong>>();
        _directGetValueHandler = _directServices.GetRequiredService<IDirectRequestHandler<DirectGetValue, DirectValue>>();
        _directHappenedHandlers = [.. _directServices.GetServices<IDirectEventHandler<DirectHappened>>()];

        _whizbangServices = new ServiceCollection()
            .AddWhizbang(b => b.UseHandlerLifetime(ServiceLifetime.Singleton))
            .BuildServiceProvider();
        _whizbang = _whizbangServices.GetRequiredService<IWhizbang>();

        _mediatorServices = new ServiceCollection()
            .AddMediator(options => options.ServiceLifetime = ServiceLifetime.Singleton)
            .BuildServiceProvider();
        _mediator = _mediatorServices.GetRequiredService<IMediator>();

        _wolverineHost = BuildWolverineHost();
        _wolverineHost.Start();
        _wolverineScope = _wolverineHost.Services.CreateScope();
        _wolverine = _wolverineScope.ServiceProvider.GetRequiredService<IMessageBus>();

        // Wolverine compiles a handler's adapter on its first message; do it here, not in the first iteration.
        VerifyEveryContenderAnswers();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wolverineScope.Dispose();
        _wolverineHost.StopAsync().GetAwaiter().GetResult();
        _wolverineHost.Dispose();
        _mediatorServices.Dispose();
        _whizbangServices.Dispose();
        _directServices.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Direct")]
    [BenchmarkCategory(Send)]
    public ValueTask<DirectPong> Send_Direct() => _directPingHandler.HandleAsync(_directPing, CancellationToken.None);

    [Benchmark(Description = "Whizbang")]
    [BenchmarkCategory(Send)]
    public ValueTask<WhizbangPong> Send_Whizbang() => _whizbang.Send(_whizbangPing);

    [Benchmark(Description = "Mediator")]
    [BenchmarkCategory(Send)]
    public ValueTask<MediatorPong> Send_Mediator() => _mediator.Send(_mediatorPing);

    [Benchmark(Description = "Wolverine")]
    [BenchmarkCategory(Send)]
    public Task<WolverinePong> Send_Wolverine() => _wolverine.InvokeAsync<WolverinePong>(_wolverinePing);

    [Benchmark(Baseline = true, Description = "Direct")]
    [BenchmarkCategory(Query)]
    public ValueTask<DirectValue> Query_Direct() => _directGetValueHandler.HandleAsync(_directGetValue, CancellationToken.None);

    [Benchmark(Description = "Whizbang")]
    [BenchmarkCategory(Query)]
    public ValueTask<WhizbangValue> Query_Whizbang() => _whizbang.Query(_whizbangGetValue);

    [Benchmark(Description = "Mediator")]
    [BenchmarkCategory(Query)]
    public ValueTask<MediatorValue> Query_Mediator() => _mediator.Send(_mediatorGetValue);

    [Benchmark(Description = "Wolverine")]
    [BenchmarkCategory(Query)]
    public Task<WolverineValue> Query_Wolverine() => _wolverine.InvokeAsync<WolverineValue>(_wolverineGetValue);

    [Benchmark(Baseline = true, Description = "Direct")]
    [BenchmarkCategory(Publish)]
    public ValueTask Publish_Direct()
    {
        // What a careful hand-written loop does: no async state machine while every handler completes synchronously.
        var handlers = _directHappenedHandlers;
        for (var i = 0; i < handlers.Length; i++)
        {
            var pending = handlers[i].HandleAsync(_directHappened, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                return PublishRestAsync(pending, i + 1);
            }

            pending.GetAwaiter().GetResult();
        }

        return default;
    }

    [Benchmark(Description = "Whizbang")]
    [BenchmarkCategory(Publish)]
    public ValueTask Publish_Whizbang() => _whizbang.Publish(_whizbangHappened);

    [Benchmark(Description = "Mediator")]
    [BenchmarkCategory(Publish)]
    public ValueTask Publish_Mediator() => _mediator.Publish(_mediatorHappened);

    // Wolverine's PublishAsync goes through a local queue (and MediatorOnly mode has none); InvokeAsync runs
    // every handler of the message inline, which is the in-process equivalent of the others' Publish.
    [Benchmark(Description = "Wolverine")]
    [BenchmarkCategory(Publish)]
    public Task Publish_Wolverine() => _wolverine.InvokeAsync(_wolverineHappened);

    private async ValueTask PublishRestAsync(ValueTask pending, int next)
    {
        await pending.ConfigureAwait(false);
        for (var i = next; i < _directHappenedHandlers.Length; i++)
        {
            await _directHappenedHandlers[i].HandleAsync(_directHappened, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static IHost BuildWolverineHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<WolverineTally>();
        builder.UseWolverine(opts =>
        {
            // BenchmarkDotNet runs this code from a generated entry assembly: name the real one, and list the
            // handlers, so that Wolverine neither misses them nor picks up the other contenders' handlers.
            opts.ApplicationAssembly = typeof(DispatchBenchmarks).Assembly;
            opts.Discovery.DisableConventionalDiscovery()
                .IncludeType(typeof(WolverinePingHandler))
                .IncludeType(typeof(WolverineGetValueHandler))
                .IncludeType(typeof(WolverineHappenedCounter))
                .IncludeType(typeof(WolverineHappenedTotal));

            // No inbox/outbox, no node agents, no local queues, no external transports: Wolverine as a mediator.
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
            opts.StubAllExternalTransports();
        });
        return builder.Build();
    }

    private void VerifyEveryContenderAnswers()
    {
        Expect(Send, "Direct", Send_Direct().AsTask().GetAwaiter().GetResult().Value, 2);
        Expect(Send, "Whizbang", Send_Whizbang().AsTask().GetAwaiter().GetResult().Value, 2);
        Expect(Send, "Mediator", Send_Mediator().AsTask().GetAwaiter().GetResult().Value, 2);
        Expect(Send, "Wolverine", Send_Wolverine().GetAwaiter().GetResult().Value, 2);
        Expect(Query, "Direct", Query_Direct().AsTask().GetAwaiter().GetResult().Value, 4);
        Expect(Query, "Whizbang", Query_Whizbang().AsTask().GetAwaiter().GetResult().Value, 4);
        Expect(Query, "Mediator", Query_Mediator().AsTask().GetAwaiter().GetResult().Value, 4);
        Expect(Query, "Wolverine", Query_Wolverine().GetAwaiter().GetResult().Value, 4);

        Publish_Direct().AsTask().GetAwaiter().GetResult();
        Publish_Whizbang().AsTask().GetAwaiter().GetResult();
        Publish_Mediator().AsTask().GetAwaiter().GetResult();
        Publish_Wolverine().GetAwaiter().GetResult();
        ExpectBothRan("Direct", _directServices.GetServices<IDirectEventHandler<DirectHappened>>());
        ExpectBothRan("Whizbang", _whizbangServices.GetRequiredService<WhizbangHappenedCounter>().Count, _whizbangServices.GetRequiredService<WhizbangHappenedTotal>().Total);
        ExpectBothRan("Mediator", _mediatorServices.GetRequiredService<MediatorHappenedCounter>().Count, _mediatorServices.GetRequiredService<MediatorHappenedTotal>().Total);
        var tally = _wolverineHost.Services.GetRequiredService<WolverineTally>();
        ExpectBothRan("Wolverine", tally.Count, tally.Total);
    }

    private static void ExpectBothRan(string contender, IEnumerable<IDirectEventHandler<DirectHappened>> handlers)
    {
        var all = handlers.ToList();
        ExpectBothRan(contender, all.OfType<DirectHappenedCounter>().Single().Count, all.OfType<DirectHappenedTotal>().Single().Total);
    }

    private static void ExpectBothRan(string contender, int count, long total)
    {
        if (count != 1 || total != 3)
        {
            throw new InvalidOperationException($"{Publish} through {contender} ran its handlers wrongly: count {count}, total {total} (expected 1 and 3).");
        }
    }

    private static void Expect(string operation, string contender, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{operation} through {contender} returned {actual}, expected {expected}.");
        }
    }
}
