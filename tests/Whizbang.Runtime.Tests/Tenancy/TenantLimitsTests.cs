using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Runtime.Tests.EventSourcing.Aggregates;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Tenancy;

/// <summary>Each limit fails with the limit, what was requested and the tenant, and nothing is written.</summary>
public sealed class TenantLimitsTests
{
    private readonly InMemoryEventStore _driver = new();

    [Fact]
    public async Task MaxEventsPerAppend_CountsEveryStreamOfTheTenantInTheCall()
    {
        var store = Build(t => t.DefaultLimits = new TenantLimits { MaxEventsPerAppend = 2 });

        await store.AppendAsync(Stream("acme", "a"), ExpectedVersion.NoStream, [Event(), Event()]);
        var error = await Assert.ThrowsAsync<TenantLimitExceededException>(async () => await store.AppendAsync(
            [new StreamAppend(Stream("acme", "b"), ExpectedVersion.NoStream, [Event(), Event()]), new StreamAppend(Stream("acme", "c"), ExpectedVersion.NoStream, [Event()])]));

        Assert.Equal(("acme", "MaxEventsPerAppend", 2, 3), (error.Tenant, error.LimitName, error.Limit, error.Requested));
        Assert.Contains("Tenant 'acme' is limited to 2 for MaxEventsPerAppend; this write needs 3", error.Message, StringComparison.Ordinal);
        await AssertStreamsAsync("acme", 1);
    }

    [Fact]
    public async Task MaxEventBytes_NamesTheLargestPayload()
    {
        var store = Build(t => t.DefaultLimits = new TenantLimits { MaxEventBytes = 64 });

        var error = await Assert.ThrowsAsync<TenantLimitExceededException>(async () => await store.AppendAsync(Stream("acme", "a"), ExpectedVersion.Any, [Event(10), Event(65)]));

        Assert.Equal(("MaxEventBytes", 64, 65), (error.LimitName, error.Limit, error.Requested));
        await AssertStreamsAsync("acme", 0);
    }

    [Fact]
    public async Task MaxStreams_CountsNewStreamsOnly_AndEachTenantHasItsOwnLimit()
    {
        var store = Build(t =>
        {
            t.DefaultLimits = new TenantLimits { MaxStreams = 2 };
            t.SetLimits("enterprise", new TenantLimits { MaxStreams = 100 });
        });

        await store.AppendAsync(Stream("trial", "a"), ExpectedVersion.NoStream, [Event()]);
        await store.AppendAsync(Stream("trial", "b"), ExpectedVersion.Any, [Event()]);
        await store.AppendAsync(Stream("trial", "a"), ExpectedVersion.Exactly(1), [Event()]); // an existing stream costs nothing
        await store.AppendAsync(Stream("trial", "b"), ExpectedVersion.Any, [Event()]);
        var error = await Assert.ThrowsAsync<TenantLimitExceededException>(async () => await store.AppendAsync(Stream("trial", "c"), ExpectedVersion.Any, [Event()]));
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(Stream("enterprise", $"s-{i}"), ExpectedVersion.NoStream, [Event()]);
        }

        Assert.Equal(("trial", "MaxStreams", 2, 3), (error.Tenant, error.LimitName, error.Limit, error.Requested));
        await AssertStreamsAsync("trial", 2);
        await AssertStreamsAsync("enterprise", 3);
    }

    [Fact]
    public async Task LimitsApplyToAggregatesSavedByHandlers()
    {
        await using var services = EventSourcingTestServices.Build(_driver, b => b.ConfigureTenancy(t => t.SetLimits("acme", new TenantLimits { MaxStreams = 1 })));
        var whizbang = services.GetRequiredService<IWhizbang>();

        using var acme = TenantScope.Begin("acme");
        await whizbang.Send(new OpenOrder("o-1", 1m));
        await Assert.ThrowsAsync<TenantLimitExceededException>(async () => await whizbang.Send(new OpenOrder("o-2", 1m)));

        Assert.Equal(["opened o-1 for acme"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public void InvalidLimits_AreRefusedWhenConfigured()
    {
        var options = new TenancyOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.DefaultLimits = new TenantLimits { MaxStreams = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => options.SetLimits("acme", new TenantLimits { MaxEventBytes = -1 }));
        Assert.Throws<ArgumentException>(() => options.SetLimits("", TenantLimits.None));
        Assert.Same(TenantLimits.None, options.LimitsFor("acme"));
    }

    private IEventStore Build(Action<TenancyOptions> tenancy)
    {
        var services = EventSourcingTestServices.Build(_driver, b => b.ConfigureTenancy(tenancy));
        return services.GetRequiredService<IEventStore>();
    }

    private async Task AssertStreamsAsync(string tenant, long expected) => Assert.Equal(expected, await _driver.CountStreamsAsync(tenant));

    private static StreamId Stream(string tenant, string id) => new(tenant, id);

    private static EventData Event(int bytes = 2) => new(Guid.NewGuid(), "e", new byte[bytes], "{}"u8.ToArray());
}
