using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

public sealed class UnitOfWorkTests
{
    [Fact]
    public async Task Commit_SavesEveryChangedAggregate_InOneMultiStreamAppend()
    {
        var store = new CountingEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");
        var customer = scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().Create("c-1");
        order.Place("ada", 10m);
        order.AddLine("book", 1);
        customer.Register("ada");
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        Assert.True(unitOfWork.HasChanges);
        var written = await unitOfWork.CommitAsync();

        Assert.Equal(3, written);
        Assert.False(unitOfWork.HasChanges);
        Assert.Equal((1, 0), (store.MultiStreamAppends, store.SingleStreamAppends));
        Assert.Equal((2L, 1L), (order.Version, customer.Version));
        Assert.Equal(2, (await store.ReadAsync(StreamId.DefaultTenant, "order-o-1")).Count);
        Assert.Single(await store.ReadAsync(StreamId.DefaultTenant, "crm.customer-c-1"));
    }

    [Fact]
    public async Task Commit_WithOneStreamInConflict_WritesNothingForAnyAggregate()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using (var seed = services.CreateAsyncScope())
        {
            var customers = seed.ServiceProvider.GetRequiredService<IRepository<Customer>>();
            var created = customers.Create("c-1");
            created.Register("ada");
            await customers.SaveAsync(created);
        }

        await using var scope = services.CreateAsyncScope();
        var customer = (await scope.ServiceProvider.GetRequiredService<IRepository<Customer>>().LoadAsync("c-1"))!;
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");
        order.Place("ada", 10m);
        customer.RecordOrder("o-1");
        await using (var other = services.CreateAsyncScope())
        {
            var customers = other.ServiceProvider.GetRequiredService<IRepository<Customer>>();
            var concurrent = (await customers.LoadAsync("c-1"))!;
            concurrent.RecordOrder("o-0");
            await customers.SaveAsync(concurrent);
        }

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync().AsTask());

        Assert.Equal("crm.customer-c-1", error.Stream.Id);
        Assert.Null(await store.GetStreamVersionAsync(new StreamId(StreamId.DefaultTenant, "order-o-1")));
        Assert.Equal(2, await store.GetStreamVersionAsync(new StreamId(StreamId.DefaultTenant, "crm.customer-c-1")));
        Assert.Equal((0L, 1L), (order.Version, customer.Version));
        Assert.Single(order.UncommittedEvents);
    }

    [Fact]
    public async Task Commit_WithoutChanges_WritesNothing()
    {
        var store = new CountingEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await RepositoryTests.SeedOrderAsync(services, "o-1");
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-1");

        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync());
        Assert.Equal(0, store.MultiStreamAppends);
    }

    [Fact]
    public async Task Commit_Twice_ContinuesFromTheCommittedVersions()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var order = scope.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1");
        order.Place("ada", 10m);
        await unitOfWork.CommitAsync();

        order.Ship();
        Assert.Equal(1, await unitOfWork.CommitAsync());

        Assert.Equal(2, order.Version);
        Assert.Equal(2, await store.GetStreamVersionAsync(new StreamId(StreamId.DefaultTenant, "order-o-1")));
    }

    [Fact]
    public async Task Track_AnAggregateCreatedWithNew_SavesItInTheCurrentTenant()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var customer = new Customer("c-9");
        customer.Register("zoe");

        unitOfWork.Track(customer);
        unitOfWork.Track(customer);
        await unitOfWork.CommitAsync();

        Assert.Single(await store.ReadAsync(StreamId.DefaultTenant, "crm.customer-c-9"));
        Assert.Throws<ArgumentException>(() => unitOfWork.Track(new Customer()));
    }

    [Fact]
    public async Task Commit_WithTwoChangedInstancesOfOneStream_IsRefused_AndWritesNothing()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await RepositoryTests.SeedOrderAsync(services, "o-1");
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var first = (await orders.LoadAsync("o-1"))!;
        var second = (await orders.LoadAsync("o-1"))!;
        first.AddLine("a", 1);
        second.AddLine("b", 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync().AsTask());

        Assert.Contains("default/order-o-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.GetStreamVersionAsync(new StreamId(StreamId.DefaultTenant, "order-o-1")));
    }

    [Fact]
    public async Task EachScope_HasItsOwnUnitOfWork()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var one = services.CreateAsyncScope();
        await using var two = services.CreateAsyncScope();

        one.ServiceProvider.GetRequiredService<IRepository<Order>>().Create("o-1").Place("ada", 1m);

        Assert.True(one.ServiceProvider.GetRequiredService<IUnitOfWork>().HasChanges);
        Assert.False(two.ServiceProvider.GetRequiredService<IUnitOfWork>().HasChanges);
        Assert.Same(one.ServiceProvider.GetRequiredService<IUnitOfWork>(), one.ServiceProvider.GetRequiredService<IUnitOfWork>());
    }
}
