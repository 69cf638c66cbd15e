using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

public sealed class AggregateTests
{
    [Fact]
    public async Task Raise_AppliesTheEventThenQueuesIt_WithoutChangingTheVersion()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");

        order.Place("ada", 99m);
        order.AddLine("book", 2);

        Assert.Equal("o-1", order.Id);
        Assert.Equal("Placed", order.Status);
        Assert.Equal(99m, order.Total);
        Assert.Equal(["2 x book"], order.Lines);
        Assert.Equal([new OrderPlaced("o-1", "ada", 99m), new OrderLineAdded("book", 2)], order.UncommittedEvents);
        Assert.Equal(0, order.Version);
    }

    [Fact]
    public async Task Raise_EventWithoutApply_ThrowsNamingAggregateAndEvent_AndQueuesNothing()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");

        var error = Assert.Throws<MissingApplyMethodException>(() => order.RaiseForeign(new CustomerRegistered("c-1", "ada")));

        Assert.Equal(typeof(Order), error.AggregateType);
        Assert.Equal(typeof(CustomerRegistered), error.EventType);
        Assert.Contains(typeof(Order).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("Apply(CustomerRegistered e)", error.Message, StringComparison.Ordinal);
        Assert.Empty(order.UncommittedEvents);
    }

    [Fact]
    public async Task Raise_Null_IsRefused()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");

        Assert.Throws<ArgumentNullException>(() => order.RaiseForeign(null!));
    }

    [Fact]
    public void GeneratedRegistry_ListsEveryAggregate_WithItsNameAndDomain()
    {
        var aggregates = Whizbang.Generated.WhizbangRuntimeTestsHandlerRegistry.Instance.Aggregates;

        Assert.Equal([(typeof(Customer), "crm.customer", "Customers"), (typeof(Order), "order", "Orders"), (typeof(Messaging.ShopOrder), "shop-order", "Shop")],
            aggregates.Select(a => (a.AggregateType, a.Name, a.OwningDomain)));
    }

    [Fact]
    public void StreamIds_AreTheAggregateNameDashTheId_InTheGivenTenant()
    {
        Assert.Equal(new StreamId("acme", "order-42"), AggregateStreams.For<Order>("acme", "42"));
        Assert.Equal(new StreamId(StreamId.DefaultTenant, "crm.customer-c-1"), AggregateStreams.For<Customer>(StreamId.DefaultTenant, "c-1"));
    }
}
