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

        [OwnedBy("Orders")] public sealed record PlaceOrder(string Customer) : ICommand<int>;
        [OwnedBy("Orders")] public sealed record CancelOrder(int Id) : ICommand;
        [OwnedBy("Orders")] public readonly record struct CountOrders(string Customer) : IQuery<int>;
        [OwnedBy("Orders"), MessageName("orders.placed")] public sealed record OrderPlaced(int Id) : IEvent;
        [OwnedBy("Billing")] public sealed record ChargeCard(int OrderId) : ICommand;
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
}
