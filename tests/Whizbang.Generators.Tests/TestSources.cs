namespace Whizbang.Generators.Tests;

/// <summary>Source snippets shared by several tests.</summary>
internal static class TestSources
{
    /// <summary>Every message and handler shape the generator supports.</summary>
    public const string OrdersApp = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Whizbang.Messaging;

        namespace Shop.Orders;

        [OwnedBy("Orders"), RequiresPermission("orders.place")] public sealed record PlaceOrder(string Customer) : ICommand<int>;
        [OwnedBy("Orders"), RequiresPermission("orders.cancel"), RequiresPermission("orders.audit")] public sealed record CancelOrder(int Id) : ICommand;
        [OwnedBy("Orders"), PublicMessage] public readonly record struct CountOrders(string Customer) : IQuery<int>;
        [OwnedBy("Orders"), MessageName("orders.placed")] public sealed record OrderPlaced(int Id) : IEvent;
        [OwnedBy("Billing"), RequiresPermission("billing.run"), Whizbang.Tenancy.CrossTenant("the \"nightly\" billing run")] public sealed record ChargeCard(int OrderId) : ICommand;
        public sealed record Ping : IQuery<string>;

        public static class Outer
        {
            [OwnedBy("Orders")] public sealed record Nested(int Id) : IEvent;
        }

        public sealed class OrderHandlers : ICommandHandler<PlaceOrder, int>, ICommandHandler<CancelOrder>, IQueryHandler<CountOrders, int>
        {
            public ValueTask<int> HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => new(42);
            public ValueTask HandleAsync(CancelOrder command, CancellationToken cancellationToken) => default;
            public ValueTask<int> HandleAsync(CountOrders query, CancellationToken cancellationToken) => new(7);
        }

        [HandlerLifetime(ServiceLifetime.Singleton)]
        public sealed class Audit : IEventHandler<OrderPlaced>, IEventHandler<Outer.Nested>
        {
            public ValueTask HandleAsync(OrderPlaced @event, CancellationToken cancellationToken) => default;
            public ValueTask HandleAsync(Outer.Nested @event, CancellationToken cancellationToken) => default;
        }

        internal sealed class Mailer : IEventHandler<OrderPlaced>
        {
            ValueTask IEventHandler<OrderPlaced>.HandleAsync(OrderPlaced @event, CancellationToken cancellationToken) => default;
        }

        public sealed class Billing : ICommandHandler<ChargeCard>
        {
            public ValueTask HandleAsync(ChargeCard command, CancellationToken cancellationToken) => default;
        }

        public sealed class PingHandler : IQueryHandler<Ping, string>
        {
            public ValueTask<string> HandleAsync(Ping query, CancellationToken cancellationToken) => new("pong");
        }
        """;

    /// <summary>Aggregates: Apply methods over classes, records, interfaces and a hierarchy; a nested aggregate; a named one.</summary>
    public const string AggregatesApp = """
        using Whizbang.EventSourcing.Aggregates;
        using Whizbang.Messaging;

        namespace Shop.Sales;

        [OwnedBy("Orders")] public sealed record OrderPlaced(string OrderId, string Customer, decimal Total) : IEvent;
        [OwnedBy("Orders")] public sealed record OrderShipped(string OrderId) : IEvent;
        public interface IOrderNote : IEvent { string Text { get; } }
        [OwnedBy("Orders")] public sealed record NoteAdded(string Text) : IOrderNote;
        [OwnedBy("Orders")] public record Discounted(decimal Amount) : IEvent;
        [OwnedBy("Orders")] public sealed record LoyaltyDiscounted(decimal Amount, string Program) : Discounted(Amount);
        [OwnedBy("Catalog")] public sealed record ProductAdded(string Sku) : IEvent;

        [OwnedBy("Orders")]
        public sealed partial class Order : Aggregate
        {
            private Order() { }

            public string Status { get; private set; } = "New";
            public decimal Total { get; private set; }

            public void Place(string customer, decimal total) => Raise(new OrderPlaced(Id, customer, total));
            public void Ship() => Raise(new OrderShipped(Id));
            public void Note(string text) => Raise(new NoteAdded(text));
            public void Reward(decimal amount) => Raise(new LoyaltyDiscounted(amount, "gold"));

            private void Apply(OrderPlaced e) { Status = "Placed"; Total = e.Total; }
            private void Apply(OrderShipped e) => Status = "Shipped";
            private void Apply(IOrderNote e) { }
            private void Apply(Discounted e) => Total -= e.Amount;
            private void Apply(LoyaltyDiscounted e) => Total -= e.Amount * 2;
        }

        public partial class Catalog
        {
            [AggregateName("catalog.product"), OwnedBy("Catalog")]
            internal sealed partial class Product : Aggregate
            {
                public void Add(string sku) => Raise(new ProductAdded(sku));
                private void Apply(ProductAdded e) { }
            }
        }

        public sealed partial class ShoppingCart : Aggregate
        {
            private void Apply(OrderPlaced e) { }
        }
        """;

    /// <summary>
    /// A System.Text.Json context covering the aggregates app's events (the System.Text.Json generator does not run in
    /// these tests, so a compilation containing it has errors; only generator outputs and diagnostics are asserted).
    /// </summary>
    public const string JsonContext = """
        using System.Text.Json.Serialization;

        namespace Shop.Sales;

        [JsonSerializable(typeof(OrderPlaced))]
        [JsonSerializable(typeof(OrderShipped))]
        [JsonSerializable(typeof(NoteAdded))]
        [JsonSerializable(typeof(Discounted))]
        [JsonSerializable(typeof(System.Collections.Generic.List<LoyaltyDiscounted>))]
        [JsonSerializable(typeof(ProductAdded))]
        [JsonSerializable(typeof(Shop.Orders.OrderPlaced))]
        [JsonSerializable(typeof(Shop.Orders.Outer.Nested))]
        internal sealed partial class ShopJsonContext : JsonSerializerContext;
        """;
}
