namespace Whizbang.Generators.Tests;

/// <summary>Source snippets of the projection tests.</summary>
internal static class ProjectionTestSources
{
    /// <summary>
    /// Every projection shape the generator supports: a record document built by static methods (Create, returning
    /// Apply, both for one event, a deleting Apply, an interface event, a base event and its subtype, DocumentId by
    /// event and by default the stream id), a mutable class document built by instance methods of several
    /// accessibilities taking an <c>EventContext</c>, and a nested projection with Create and a void Apply for the
    /// same event (an upsert) keyed by the context.
    /// </summary>
    public const string ProjectionsApp = """
        using Whizbang.Messaging;
        using Whizbang.Projections;

        namespace Shop.Reporting;

        [OwnedBy("Orders")] public sealed record OrderPlaced(string OrderId, string Customer, decimal Total) : IEvent;
        [OwnedBy("Orders")] public sealed record OrderShipped(string OrderId) : IEvent;
        [OwnedBy("Orders")] public sealed record OrderCancelled(string OrderId) : IEvent;
        [OwnedBy("Orders")] public sealed record OrderImported(string OrderId, string Customer, decimal Total) : IEvent;
        public interface IOrderNote : IEvent { string OrderId { get; } }
        [OwnedBy("Orders")] public sealed record NoteAdded(string OrderId, string Text) : IOrderNote;
        [OwnedBy("Orders")] public sealed record UrgentNoteAdded(string OrderId, string Text) : IOrderNote;
        [OwnedBy("Orders")] public record Discounted(string OrderId, decimal Amount) : IEvent;
        [OwnedBy("Orders")] public sealed record LoyaltyDiscounted(string OrderId, decimal Amount) : Discounted(OrderId, Amount);
        [OwnedBy("Customers")] public sealed record CustomerRegistered(string CustomerId, string Name) : IEvent;
        [OwnedBy("Customers")] public sealed record CustomerRenamed(string CustomerId, string Name) : IEvent;

        public sealed record OrderSummary(string Id, string Customer, decimal Total, string Status, int Notes);

        public sealed partial class OrderSummaryProjection : Projection<OrderSummary>
        {
            private static OrderSummary Create(OrderPlaced e) => new(e.OrderId, e.Customer, e.Total, "Placed", 0);
            private static OrderSummary Create(OrderImported e) => new(e.OrderId, e.Customer, e.Total, "Imported", 0);
            private static OrderSummary Apply(OrderSummary order, OrderImported e) => order with { Total = e.Total };
            private static OrderSummary Apply(OrderSummary order, OrderShipped e, EventContext context) => order with { Status = $"Shipped@{context.Version}" };
            private static OrderSummary? Apply(OrderSummary order, OrderCancelled e) => null;
            private static OrderSummary Apply(OrderSummary order, IOrderNote e) => order with { Notes = order.Notes + 1 };
            private static OrderSummary Apply(OrderSummary order, Discounted e) => order with { Total = order.Total - e.Amount };
            private static OrderSummary Apply(OrderSummary order, LoyaltyDiscounted e) => order with { Total = order.Total - (2 * e.Amount) };

            private static string DocumentId(OrderPlaced e) => e.OrderId;
            private static string DocumentId(OrderShipped e) => e.OrderId;
            private static string DocumentId(OrderImported e) => e.OrderId;
            private static string DocumentId(IOrderNote e) => e.OrderId;
            private static string DocumentId(Discounted e) => e.OrderId;
        }

        public sealed class CustomerCard
        {
            public string Id { get; set; } = "";
            public string Name { get; set; } = "";
            public int Renames { get; set; }
            public long Version { get; set; }
        }

        [ProjectionName("customer-cards")]
        public sealed partial class CustomerCards : Projection<CustomerCard>
        {
            public string Prefix { get; set; } = "";

            private CustomerCard Create(CustomerRegistered e, in EventContext context) => new() { Id = e.CustomerId, Name = Prefix + e.Name, Version = context.Version };

            internal void Apply(CustomerCard card, CustomerRenamed e, EventContext context)
            {
                card.Name = Prefix + e.Name;
                card.Renames++;
                card.Version = context.Version;
            }

            public string DocumentId(CustomerRegistered e) => e.CustomerId;
            internal string DocumentId(CustomerRenamed e, EventContext context) => e.CustomerId;
        }

        public partial class Reports
        {
            public sealed class DailyTotal
            {
                public decimal Total { get; set; }
                public int Orders { get; set; }
            }

            internal sealed partial class DailyTotalsProjection : Projection<DailyTotal>
            {
                private static DailyTotal Create(OrderPlaced e) => new() { Total = e.Total, Orders = 1 };
                private static void Apply(DailyTotal day, OrderPlaced e)
                {
                    day.Total += e.Total;
                    day.Orders++;
                }

                private static void Apply(DailyTotal day, OrderShipped e) { }
                private static string DocumentId(OrderPlaced e, EventContext context) => context.Timestamp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                private static string DocumentId(OrderShipped e, EventContext context) => context.Timestamp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        """;

    /// <summary>A System.Text.Json context covering the projections app's events and documents.</summary>
    public const string JsonContext = """
        using System.Text.Json.Serialization;

        namespace Shop.Reporting;

        [JsonSerializable(typeof(OrderPlaced))]
        [JsonSerializable(typeof(OrderShipped))]
        [JsonSerializable(typeof(OrderCancelled))]
        [JsonSerializable(typeof(OrderImported))]
        [JsonSerializable(typeof(NoteAdded))]
        [JsonSerializable(typeof(UrgentNoteAdded))]
        [JsonSerializable(typeof(Discounted))]
        [JsonSerializable(typeof(LoyaltyDiscounted))]
        [JsonSerializable(typeof(CustomerRegistered))]
        [JsonSerializable(typeof(CustomerRenamed))]
        [JsonSerializable(typeof(OrderSummary))]
        [JsonSerializable(typeof(CustomerCard))]
        [JsonSerializable(typeof(Reports.DailyTotal))]
        internal sealed partial class ReportingJsonContext : JsonSerializerContext;
        """;
}
