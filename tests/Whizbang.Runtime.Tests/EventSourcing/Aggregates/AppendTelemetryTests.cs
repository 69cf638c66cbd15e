using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Diagnostics;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

/// <summary>Saves and commits report an <c>append</c> span; spans are collected per test by trace id.</summary>
[Collection(SpanListeners.Name)]
public sealed class AppendTelemetryTests : IDisposable
{
    private readonly SpanRecorder _spans = new();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task Save_EmitsAnAppendSpanNamingAggregateStreamAndCount_AndStampsItAsTraceParent()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);

        var spans = await _spans.TraceAsync(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
            var order = orders.Create("o-1");
            order.Place("ada", 1m);
            order.Ship();
            await orders.SaveAsync(order);
        });

        var append = Assert.Single(spans);
        Assert.Equal("append order", append.DisplayName);
        Assert.Equal("order", append.GetTagItem(TelemetryTags.Aggregate));
        Assert.Equal("order-o-1", append.GetTagItem(TelemetryTags.Stream));
        Assert.Equal(StreamId.DefaultTenant, append.GetTagItem(TelemetryTags.Tenant));
        Assert.Equal(2, append.GetTagItem(TelemetryTags.EventCount));
        var stored = await store.ReadAsync(StreamId.DefaultTenant, "order-o-1");
        Assert.Equal(append.Id, services.GetRequiredService<EventSerializer>().DeserializeEnvelope(stored[0])!.TraceParent);
    }

    [Fact]
    public async Task FailedCommit_MarksItsAppendSpanAsAnError()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await RepositoryTests.SeedOrderAsync(services, "o-1");

        var spans = await _spans.TraceAsync(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1").Place("eve", 1m);
            scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().Create("c-1").Register("eve");
            await Assert.ThrowsAsync<ConcurrencyException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync().AsTask());
        });

        var append = Assert.Single(spans);
        Assert.Equal("append", append.DisplayName);
        Assert.Equal((2, 2), ((int)append.GetTagItem(TelemetryTags.StreamCount)!, (int)append.GetTagItem(TelemetryTags.EventCount)!));
        Assert.Equal(ActivityStatusCode.Error, append.Status);
    }
}
