using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

public sealed class RepositoryTests
{
    [Fact]
    public async Task SaveThenLoad_RebuildsTheSameState_InANewScope()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using (var scope = services.CreateAsyncScope())
        {
            var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
            var order = orders.Create("o-1");
            order.Place("ada", 99m);
            order.AddLine("book", 2);
            await orders.SaveAsync(order);

            Assert.Empty(order.UncommittedEvents);
            Assert.Equal(2, order.Version);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-1");

            Assert.NotNull(loaded);
            Assert.Equal("o-1", loaded.Id);
            Assert.Equal(2, loaded.Version);
            Assert.Equal(("Placed", "ada", 99m), (loaded.Status, loaded.Customer, loaded.Total));
            Assert.Equal(["2 x book"], loaded.Lines);
            Assert.Empty(loaded.UncommittedEvents);
            Assert.Equal(["o-1"], loaded.IdsSeenByApply); // the id is set before the first Apply
        }

        var stored = await store.ReadAsync(StreamId.DefaultTenant, "order-o-1");
        Assert.Equal(["orders.order-placed", "OrderLineAdded"], stored.Select(e => e.EventName));
    }

    [Fact]
    public async Task Save_Again_ContinuesFromTheSavedVersion_AndWithoutChangesWritesNothing()
    {
        var store = new CountingEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var order = orders.Create("o-1");
        order.Place("ada", 10m);
        await orders.SaveAsync(order);

        order.Ship();
        await orders.SaveAsync(order);
        await orders.SaveAsync(order);

        Assert.Equal(2, order.Version);
        Assert.Equal(2, store.SingleStreamAppends);
        Assert.Equal([1L, 2L], (await store.ReadAsync(StreamId.DefaultTenant, "order-o-1")).Select(e => e.Version));
    }

    [Fact]
    public async Task Load_OfAStreamThatDoesNotExist_ReturnsNull()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("nobody"));
    }

    [Fact]
    public async Task Load_AppliesStoredEventsInVersionOrder()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        var serializer = services.GetRequiredService<EventSerializer>();
        IEvent[] events = [new OrderPlaced("o-7", "bob", 5m), new OrderLineAdded("pen", 1), new OrderLineAdded("ink", 3), new OrderShipped("o-7")];
        await store.AppendAsync(new StreamId(StreamId.DefaultTenant, "order-o-7"), ExpectedVersion.NoStream,
            [.. events.Select(e => serializer.Serialize(e)).Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, default))]);
        await using var scope = services.CreateAsyncScope();

        var order = await scope.ServiceProvider.GetRequiredService<IRepository<Order>>().LoadAsync("o-7");

        Assert.Equal(("Shipped", 4L), (order!.Status, order.Version));
        Assert.Equal(["1 x pen", "3 x ink"], order.Lines);
    }

    [Fact]
    public async Task TwoLoadsSaving_TheSecondGetsAConcurrencyException_AndWritesNothing()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await SeedOrderAsync(services, "o-1");
        await using var first = services.CreateAsyncScope();
        await using var second = services.CreateAsyncScope();
        var firstOrders = first.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var secondOrders = second.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var mine = (await firstOrders.LoadAsync("o-1"))!;
        var theirs = (await secondOrders.LoadAsync("o-1"))!;

        mine.AddLine("book", 1);
        theirs.AddLine("pen", 2);
        await firstOrders.SaveAsync(mine);
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => secondOrders.SaveAsync(theirs).AsTask());

        Assert.Equal(new StreamId(StreamId.DefaultTenant, "order-o-1"), error.Stream);
        Assert.Equal(ExpectedVersion.Exactly(1), error.Expected);
        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(1, theirs.Version);
        Assert.Single(theirs.UncommittedEvents); // kept: the caller may reload and retry
        var stored = await store.ReadAsync(StreamId.DefaultTenant, "order-o-1");
        Assert.Equal(2, stored.Count);
        Assert.Contains("book", Encoding.UTF8.GetString(stored[1].Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingAnAggregateThatAlreadyExists_FailsOnSave_WithNoStreamExpected()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await SeedOrderAsync(services, "o-1");
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var duplicate = orders.Create("o-1");
        duplicate.Place("eve", 1m);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => orders.SaveAsync(duplicate).AsTask());

        Assert.Equal(ExpectedVersion.NoStream, error.Expected);
    }

    [Fact]
    public async Task SameAggregateIdInTwoTenants_AreSeparateStreams()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var acme = orders.ForTenant("acme");
        var globex = orders.ForTenant("globex");

        var acmeOrder = acme.Create("o-1");
        acmeOrder.Place("ada", 10m);
        await acme.SaveAsync(acmeOrder);
        Assert.Null(await globex.LoadAsync("o-1"));
        Assert.Null(await orders.LoadAsync("o-1"));

        var globexOrder = globex.Create("o-1");
        globexOrder.Place("bob", 20m);
        await globex.SaveAsync(globexOrder);

        Assert.Equal(("acme", "globex", StreamId.DefaultTenant), (acme.Tenant, globex.Tenant, orders.Tenant));
        Assert.Equal("ada", (await acme.LoadAsync("o-1"))!.Customer);
        Assert.Equal("bob", (await globex.LoadAsync("o-1"))!.Customer);
        var stored = await store.ReadAsync("globex", "order-o-1");
        Assert.Equal("globex", services.GetRequiredService<EventSerializer>().DeserializeEnvelope(Assert.Single(stored))!.TenantId);
    }

    [Fact]
    public async Task ForTenant_WithAnInvalidTenant_IsRefused()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();

        Assert.Throws<ArgumentNullException>(() => orders.ForTenant(null!));
        Assert.Throws<ArgumentException>(() => orders.ForTenant(""));
        Assert.Throws<ArgumentException>(() => orders.ForTenant(new string('t', 201)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public async Task InvalidIds_AreRefusedWithTheAggregateName(string id)
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();

        Assert.Contains("aggregate 'Order'", Assert.Throws<ArgumentException>(() => orders.Create(id)).Message, StringComparison.Ordinal);
        Assert.Contains("aggregate 'Order'", (await Assert.ThrowsAsync<ArgumentException>(() => orders.LoadAsync(id).AsTask())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullId_IsRefused()
    {
        await using var services = EventSourcingTestServices.Build(new InMemoryEventStore());
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();

        Assert.Throws<ArgumentNullException>(() => orders.Create(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => orders.LoadAsync(null!).AsTask());
    }

    [Fact]
    public async Task OverlongId_IsRefused_NamingTheLimitLeftByTheAggregateName()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var longest = new string('x', StreamId.MaxLength - "order-".Length);

        var error = Assert.Throws<ArgumentException>(() => orders.Create(longest + "x"));
        var order = orders.Create(longest);
        order.Place("ada", 1m);
        await orders.SaveAsync(order);

        Assert.Contains($"at most {longest.Length} fit", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await orders.LoadAsync(longest));
    }

    [Fact]
    public async Task SavedEvents_CarryTheirEnvelopeAsMetadata_BesideTheData()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        var before = DateTimeOffset.UtcNow;
        await SeedOrderAsync(services, "o-1", ship: true);

        var stored = await store.ReadAsync(StreamId.DefaultTenant, "order-o-1");
        var serializer = services.GetRequiredService<EventSerializer>();
        var envelopes = stored.Select(e => serializer.DeserializeEnvelope(e)!).ToList();

        Assert.Equal("""{"orderId":"o-1","customer":"ada","total":10}""", Encoding.UTF8.GetString(stored[0].Data.Span)); // the context's camel case
        Assert.Equal(stored.Select(e => e.EventId), envelopes.Select(e => e.MessageId));
        Assert.Equal(stored.Select(e => e.EventName), envelopes.Select(e => e.MessageName));
        Assert.All(envelopes, e => Assert.Equal(StreamId.DefaultTenant, e.TenantId));
        Assert.All(envelopes, e => Assert.Null(e.CausationId)); // saved outside any dispatch
        Assert.All(envelopes, e => Assert.InRange(e.Timestamp, before, DateTimeOffset.UtcNow));
        Assert.Single(envelopes.Select(e => e.CorrelationId).Distinct()); // one save, one correlation
        var metadata = Encoding.UTF8.GetString(stored[0].Metadata.Span);
        Assert.Contains("\"messageName\":\"orders.order-placed\"", metadata, StringComparison.Ordinal);
        Assert.Contains("\"correlationId\":", metadata, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedInsideADispatch_EventsAreCausedByTheCommand_AndShareItsCorrelation()
    {
        var store = new InMemoryEventStore();
        await using var services = EventSourcingTestServices.Build(store);
        await using (var scope = services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<IRepository<Customer>>();
            var customer = customers.Create("c-1");
            customer.Register("ada");
            await customers.SaveAsync(customer);
        }

        var commandId = await services.GetRequiredService<IWhizbang>().Send(new PlaceOrderForCustomer("o-1", "c-1", 42m));

        var serializer = services.GetRequiredService<EventSerializer>();
        var order = Assert.Single(await store.ReadAsync(StreamId.DefaultTenant, "order-o-1"));
        var customerEvents = await store.ReadAsync(StreamId.DefaultTenant, "crm.customer-c-1");
        var fromCommand = new[] { order, customerEvents[1] }.Select(e => serializer.DeserializeEnvelope(e)!).ToList();
        Assert.All(fromCommand, e => Assert.Equal(commandId, e.CausationId));
        Assert.All(fromCommand, e => Assert.Equal(commandId, e.CorrelationId)); // the command started the conversation
        Assert.NotEqual(commandId, serializer.DeserializeEnvelope(customerEvents[0])!.CorrelationId);
    }

    [Fact]
    public async Task WithoutUseEventSourcing_ResolvingARepository_SaysWhatToCall()
    {
        await using var services = TestServices.Build(b => b.UseInMemoryEventStore());
        await using var scope = services.CreateAsyncScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IRepository<Order>>());

        Assert.Contains("UseEventSourcing(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnEventStore_ResolvingARepository_SaysWhatToCall()
    {
        await using var services = TestServices.Build(b => b.UseEventSourcing(TestJsonContext.Default));
        await using var scope = services.CreateAsyncScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IRepository<Order>>());

        Assert.Contains("UseInMemoryEventStore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuilderCalls_AreSafeToRepeat_AndTheLastStoreWins()
    {
        var store = new InMemoryEventStore();
        var services = new ServiceCollection().AddWhizbang(b => b
            .UseEventSourcing(TestJsonContext.Default).UseEventSourcing(TestJsonContext.Default)
            .UseInMemoryEventStore().UseInMemoryEventStore()
            .UseEventStore(store));
        services.AddWhizbang(b => b.UseEventSourcing(TestJsonContext.Default));

        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        Assert.Single(services, d => d.ServiceType == typeof(IRepository<Order>));
        Assert.Single(services, d => d.ServiceType == typeof(IUnitOfWork));
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(IRepository<Order>)).Lifetime);
        await using var provider = services.BuildServiceProvider();
        await SeedOrderAsync(provider, "o-1");
        Assert.Equal(1, await store.GetStreamVersionAsync(AggregateStreams.For<Order>(StreamId.DefaultTenant, "o-1"))); // the last store got the append
    }

    [Fact]
    public async Task UseEventStoreOfT_LetsTheContainerCreateTheStore()
    {
        await using var services = TestServices.Build(b => b.UseEventSourcing(TestJsonContext.Default).UseInMemoryEventStore().UseEventStore<CountingEventStore>());

        await SeedOrderAsync(services, "o-1");

        // The CountingEventStore the container created got the append; the in-memory store it replaced did not.
        Assert.Equal(1, await services.GetRequiredService<IEventStore>().GetStreamVersionAsync(AggregateStreams.For<Order>(StreamId.DefaultTenant, "o-1")));
        Assert.Null(await services.GetRequiredService<InMemoryEventStore>().GetStreamVersionAsync(AggregateStreams.For<Order>(StreamId.DefaultTenant, "o-1")));
    }

    internal static async Task SeedOrderAsync(IServiceProvider services, string id, bool ship = false)
    {
        await using var scope = services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IRepository<Order>>();
        var order = orders.Create(id);
        order.Place("ada", 10m);
        if (ship)
        {
            order.Ship();
        }

        await orders.SaveAsync(order);
    }
}
