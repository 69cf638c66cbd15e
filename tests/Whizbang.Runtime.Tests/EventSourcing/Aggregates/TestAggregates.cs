using System.Text.Json.Serialization;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Runtime.Tests.EventSourcing.Aggregates;

[OwnedBy("Orders"), MessageName("orders.order-placed")] public sealed record OrderPlaced(string OrderId, string Customer, decimal Total) : IEvent;

[OwnedBy("Orders")] public sealed record OrderLineAdded(string Sku, int Quantity) : IEvent;

[OwnedBy("Orders")] public sealed record OrderShipped(string OrderId) : IEvent;

[OwnedBy("Customers")] public sealed record CustomerRegistered(string CustomerId, string Name) : IEvent;

[OwnedBy("Customers")] public sealed record CustomerOrdered(string OrderId) : IEvent;

#pragma warning disable WHIZ301 // deliberately missing from the JSON context: storing it must fail clearly
[OwnedBy("Orders")] public sealed record OrderAudited(string Note) : IEvent;
#pragma warning restore WHIZ301

/// <summary>An event the generator leaves out of the message catalogue (generic), so it can never be stored.</summary>
[OwnedBy("Orders")] public sealed record Wrapped<T>(T Value) : IEvent;

/// <summary>The application's JSON context, as a user writes it: one entry per stored event; camel case, to show its options apply.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderLineAdded))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(CustomerRegistered))]
[JsonSerializable(typeof(CustomerOrdered))]
[JsonSerializable(typeof(Noticed))]
[JsonSerializable(typeof(Unheard))]
[JsonSerializable(typeof(Explode))]
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(Staggered))]
[JsonSerializable(typeof(Whizbang.Runtime.Tests.Tenancy.OrderOpened))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>A second context, as a second domain library would bring.</summary>
[JsonSerializable(typeof(OrderAudited))]
[JsonSerializable(typeof(Wrapped<int>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;

[OwnedBy("Orders")]
public sealed partial class Order : Aggregate
{
    private readonly List<string> _lines = [];

    private Order()
    {
    }

    public string Status { get; private set; } = "New";

    public string? Customer { get; private set; }

    public decimal Total { get; private set; }

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The id each Apply saw, to show the id is set before rehydration starts.</summary>
    public List<string> IdsSeenByApply { get; } = [];

    public void Place(string customer, decimal total) => Raise(new OrderPlaced(Id, customer, total));

    public void AddLine(string sku, int quantity)
    {
        if (Status != "Placed")
        {
            throw new InvalidOperationException($"Order {Id} is {Status}; lines can only be added to a placed order.");
        }

        Raise(new OrderLineAdded(sku, quantity));
    }

    public void Ship() => Raise(new OrderShipped(Id));

    public void Audit(string note) => Raise(new OrderAudited(note));

    /// <summary>Raises an event this aggregate has no Apply for, through its interface type (so WHIZ007 cannot see it).</summary>
    public void RaiseForeign(IEvent @event) => Raise(@event);

    private void Apply(OrderPlaced e)
    {
        IdsSeenByApply.Add(Id);
        Status = "Placed";
        Customer = e.Customer;
        Total = e.Total;
    }

    private void Apply(OrderLineAdded e) => _lines.Add($"{e.Quantity} x {e.Sku}");

    private void Apply(OrderShipped e) => Status = "Shipped";

    private void Apply(OrderAudited e)
    {
    }
}

[OwnedBy("Customers"), AggregateName("crm.customer")]
public sealed partial class Customer : Aggregate
{
    public Customer()
    {
    }

    /// <summary>For code that creates aggregates with <c>new</c> and tracks them in the unit of work explicitly.</summary>
    public Customer(string id) => Id = id;

    public string? Name { get; private set; }

    public int Orders { get; private set; }

    public void Register(string name) => Raise(new CustomerRegistered(Id, name));

    public void RecordOrder(string orderId) => Raise(new CustomerOrdered(orderId));

    private void Apply(CustomerRegistered e) => Name = e.Name;

    private void Apply(CustomerOrdered e) => Orders++;
}

/// <summary>A command whose handler uses the repositories and the unit of work, as application code does.</summary>
[OwnedBy("Orders")] public sealed record PlaceOrderForCustomer(string OrderId, string CustomerId, decimal Total) : ICommand<Guid>;

public sealed class PlaceOrderForCustomerHandler(IRepository<Order> orders, IRepository<Customer> customers, IUnitOfWork unitOfWork)
    : ICommandHandler<PlaceOrderForCustomer, Guid>
{
    public async ValueTask<Guid> HandleAsync(PlaceOrderForCustomer command, CancellationToken cancellationToken)
    {
        var customer = await customers.LoadAsync(command.CustomerId, cancellationToken) ?? throw new InvalidOperationException("No such customer.");
        var order = orders.Create(command.OrderId);
        order.Place(customer.Name!, command.Total);
        customer.RecordOrder(command.OrderId);
        await unitOfWork.CommitAsync(cancellationToken);
        return DispatchContext.Current!.Envelope.MessageId;
    }
}
