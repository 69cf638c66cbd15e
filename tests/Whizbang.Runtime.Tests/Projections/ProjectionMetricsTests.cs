using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections;

namespace Whizbang.Runtime.Tests.Projections;

/// <summary>The projection metrics are process-wide, so these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProjectionMetricsTests), DisableParallelization = true)]
public sealed class ProjectionMetricsCollection;

[Collection(nameof(ProjectionMetricsTests))]
public sealed class ProjectionMetricsTests : IDisposable
{
    private const string Projection = "account-summary";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string? Projection, object? Skipped, string? Tenant)> _measurements = new();

    public ProjectionMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WhizbangTelemetry.Name && instrument.Name.StartsWith("whizbang.projection.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task EventsApplied_AndHowFarBehind_AreMeasuredPerProjection()
    {
        await using var process = Start();
        await AppendAsync(process, new AccountOpened("a1", "ada"), new Deposited("a1", 1), new Deposited("a1", 2));
        var manager = process.GetRequiredService<IProjectionManager>();

        await manager.GetStatusAsync();
        Assert.Equal(3, Observed("whizbang.projection.events_behind"));
        Assert.True(Observed("whizbang.projection.lag") >= 0);

        await manager.CatchUpAsync();
        await manager.GetStatusAsync();

        Assert.Equal(3, Sum("whizbang.projection.events"));
        Assert.Equal(0, Observed("whizbang.projection.events_behind"));
        Assert.Equal(0, Observed("whizbang.projection.lag"));
    }

    [Fact]
    public async Task WithAStorePerTenant_EachTenantsGenerationIsMeasured_TaggedWithItsTenant()
    {
        var tenant = $"t-{Guid.NewGuid():N}";
        await using var process = TestServices.Build(b => b
            .UseEventSourcing(AccountJsonContext.Default)
            .UseInMemoryEventStorePerTenant(t => t.Add(tenant))
            .RunProjectionDaemon(false));
        var serializer = process.GetRequiredService<EventSerializer>();
        var opened = serializer.Serialize(new AccountOpened("a1", "ada"));
        await process.GetRequiredService<IEventStore>().AppendAsync(
            new StreamId(tenant, "account-a1"), ExpectedVersion.Any, [new EventData(Guid.CreateVersion7(), opened.Name, opened.Data, ReadOnlyMemory<byte>.Empty)]);

        await process.GetRequiredService<IProjectionManager>().GetStatusAsync();
        _measurements.Clear();
        _listener.RecordObservableInstruments();

        Assert.Equal(1, Assert.Single(_measurements, m => m.Instrument == "whizbang.projection.events_behind" && m.Tenant == tenant).Value);
    }

    [Fact]
    public async Task ASkippedPoisonEvent_IsCountedAsAFailure()
    {
        await using var process = Start(o => (o.MaxRetries, o.OnFailure) = (0, ProjectionFailureMode.Skip));
        process.GetRequiredService<AccountSummaryProjection>().Failing = -1;
        await AppendAsync(process, new AccountOpened("a1", "ada"), new Audited("a1"));

        await process.GetRequiredService<IProjectionManager>().CatchUpAsync();

        var failure = Assert.Single(_measurements, m => m.Instrument == "whizbang.projection.failures");
        Assert.Equal((1d, Projection, (object?)true), (failure.Value, failure.Projection, failure.Skipped));
    }

    private static ServiceProvider Start(Action<ProjectionOptions>? configure = null)
        => TestServices.Build(b => b
            .UseEventSourcing(AccountJsonContext.Default)
            .UseInMemoryEventStore()
            .RunProjectionDaemon(false)
            .ConfigureProjection(Projection, o => configure?.Invoke(o)));

    private static async Task AppendAsync(ServiceProvider process, params IEvent[] events)
    {
        var serializer = process.GetRequiredService<EventSerializer>();
        var data = events.Select(e => serializer.Serialize(e)).Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, ReadOnlyMemory<byte>.Empty)).ToArray();
        await process.GetRequiredService<IEventStore>().AppendAsync(new StreamId(StreamId.DefaultTenant, "account-a1"), ExpectedVersion.Any, data);
    }

    /// <summary>The gauge's current value for the projection.</summary>
    private double Observed(string gauge)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        // Tests of a store per tenant measure the same projection per tenant: this process shares one store.
        return Assert.Single(_measurements, m => m.Instrument == gauge && m.Projection == Projection && m.Tenant is null).Value;
    }

    private double Sum(string counter) => _measurements.Where(m => m.Instrument == counter && m.Projection == Projection).Sum(m => m.Value);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? projection = null;
        object? skipped = null;
        string? tenant = null;
        foreach (var (key, tag) in tags)
        {
            (projection, skipped, tenant) = key switch
            {
                TelemetryTags.Projection => ((string?)tag, skipped, tenant),
                TelemetryTags.Skipped => (projection, tag, tenant),
                TelemetryTags.Tenant => (projection, skipped, (string?)tag),
                _ => (projection, skipped, tenant),
            };
        }

        _measurements.Enqueue((instrument.Name, value, projection, skipped, tenant));
    }
}
