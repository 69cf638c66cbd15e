using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

/// <summary>Generated projections compiled and run against the real runtime: the type switches, then the registry through the engine.</summary>
public sealed class GeneratedProjectionTests
{
    private const string Usings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Globalization;
        global using System.Linq;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.DependencyInjection;
        global using Whizbang.EventSourcing;
        global using Whizbang.EventSourcing.Serialization;
        global using Whizbang.Messaging;
        global using Whizbang.Projections;
        global using Whizbang.Projections.Storage;
        """;

    /// <summary>Feeds events to the generated Apply and DocumentIdFor one by one and writes down what they return.</summary>
    private const string DirectProgram = """
        using Shop.Reporting;

        public static class Entry
        {
            private static long s_version;

            public static Task<string> RunAsync()
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                var lines = new List<string>();

                var orders = new OrderSummaryProjection();
                lines.Add($"{orders.Name}: {string.Join(",", orders.EventTypes.Select(t => t.Name))}");
                OrderSummary? order = null;
                IEvent[] events =
                [
                    new OrderShipped("o1"), new OrderPlaced("o1", "ada", 100m), new NoteAdded("o1", "hi"), new UrgentNoteAdded("o1", "now"),
                    new Discounted("o1", 10m), new LoyaltyDiscounted("o1", 5m), new OrderShipped("o1"), new CustomerRenamed("c1", "x"),
                    new OrderImported("o1", "bob", 70m), new OrderCancelled("o1"), new NoteAdded("o1", "late"), new OrderImported("o1", "bob", 70m),
                ];
                foreach (var e in events)
                {
                    var context = Next("orders-o1");
                    order = orders.ApplyEvent(order, e, context);
                    lines.Add($"{e.GetType().Name} @{orders.DocumentIdFor(e, context)}: {(order is null ? "none" : $"{order.Id}/{order.Customer}/{order.Total}/{order.Status}/{order.Notes}")}");
                }

                // As the engine sees it: CustomerCards' own internal Apply would win overload resolution in this assembly.
                Projection<CustomerCard> cards = new CustomerCards { Prefix = "Mx " };
                lines.Add($"{cards.Name}: {string.Join(",", cards.EventTypes.Select(t => t.Name))}");
                var none = cards.ApplyEvent(null, new CustomerRenamed("c1", "Bo"), Next("customers-c1"));
                var card = cards.ApplyEvent(null, new CustomerRegistered("c1", "Ann"), Next("customers-c1"))!;
                var renamed = cards.ApplyEvent(card, new CustomerRenamed("c1", "Bo"), Next("customers-c1"));
                lines.Add($"{none is null} {ReferenceEquals(card, renamed)} {card.Id}/{card.Name}/{card.Renames}/{card.Version} @{cards.DocumentIdFor(new CustomerRenamed("c1", "Bo"), Next("customers-x"))}");

                var days = new Reports.DailyTotalsProjection();
                Reports.DailyTotal? day = null;
                day = days.ApplyEvent(day, new OrderShipped("o1"), Next("orders-o1"));
                day = days.ApplyEvent(day, new OrderPlaced("o1", "ada", 10m), Next("orders-o1"));
                day = days.ApplyEvent(day, new OrderPlaced("o2", "bob", 5m), Next("orders-o2"));
                lines.Add($"{days.Name}: {string.Join(",", days.EventTypes.Select(t => t.Name))} @{days.DocumentIdFor(new OrderPlaced("o3", "cy", 1m), Next("orders-o3"))} {day!.Total}/{day.Orders}");
                return Task.FromResult(string.Join("\n", lines));
            }

            private static EventContext Next(string stream)
                => new(new StreamId("acme", stream), ++s_version, new GlobalPosition(0, s_version), Guid.Empty, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        }
        """;

    /// <summary>Stores events, lets the engine catch up with the registry's projections, and reads their documents.</summary>
    private const string EngineProgram = """
        using System.Text.Json.Serialization.Metadata;
        using Shop.Reporting;

        public static class Entry
        {
            public static async Task<string> RunAsync()
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                // Reflection-based JSON is enough for a test host; applications pass their source-generated context.
                await using var services = new ServiceCollection()
                    .AddWhizbang(b => b
                        .UseEventSourcing(new DefaultJsonTypeInfoResolver())
                        .UseInMemoryEventStore()
                        .UseProjectionStorage(new InMemoryProjectionStorage())
                        .RunProjectionDaemon(false))
                    .BuildServiceProvider();
                var store = services.GetRequiredService<IEventStore>();
                var serializer = services.GetRequiredService<EventSerializer>();
                async Task AppendAsync(string stream, params IEvent[] events)
                    => await store.AppendAsync(StreamId.ForDefaultTenant(stream), ExpectedVersion.Any, events
                        .Select(e => serializer.Serialize(e))
                        .Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, default))
                        .ToArray());

                await AppendAsync("o1", new OrderPlaced("o1", "ada", 100m), new NoteAdded("o1", "hi"), new LoyaltyDiscounted("o1", 5m), new OrderShipped("o1"));
                await AppendAsync("o2", new OrderPlaced("o2", "bob", 20m), new OrderCancelled("o2"));
                await AppendAsync("customers-c1", new CustomerRegistered("c1", "Ann"), new CustomerRenamed("c1", "Bo"));
                await services.GetRequiredService<IProjectionManager>().CatchUpAsync();

                var o1 = await services.GetRequiredService<IProjectionStore<OrderSummary>>().LoadAsync("o1");
                var o2 = await services.GetRequiredService<IProjectionStore<OrderSummary>>().LoadAsync("o2");
                var c1 = await services.GetRequiredService<IProjectionStore<CustomerCard>>().LoadAsync("c1");
                var days = await services.GetRequiredService<IProjectionStore<Reports.DailyTotal>>().QueryAsync(new DocumentQuery());
                var status = await services.GetRequiredService<IProjectionManager>().GetStatusAsync();
                return string.Join("|",
                    string.Join(",", status.Select(s => s.Projection)),
                    $"{o1!.Customer}/{o1.Total}/{o1.Status}/{o1.Notes}",
                    o2 is null ? "o2 deleted" : "o2 kept",
                    $"{c1!.Name}/{c1.Renames}/{c1.Version}",
                    string.Join(",", days.Documents.Select(d => $"{d.Total}/{d.Orders}")));
            }
        }
        """;

    /// <summary>An application of its own events over the projections of a referenced library.</summary>
    private const string LibraryProgram = """
        using System.Text.Json.Serialization.Metadata;
        using Shop.Reporting;

        public static class Entry
        {
            public static async Task<string> RunAsync()
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                await using var services = new ServiceCollection()
                    .AddWhizbang(b => b
                        .UseEventSourcing(new DefaultJsonTypeInfoResolver())
                        .UseInMemoryEventStore()
                        .UseProjectionStorage(new InMemoryProjectionStorage())
                        .RunProjectionDaemon(false))
                    .BuildServiceProvider();
                var serializer = services.GetRequiredService<EventSerializer>();
                var data = new IEvent[] { new OrderPlaced("o1", "ada", 100m), new UrgentNoteAdded("o1", "now") }
                    .Select(e => serializer.Serialize(e))
                    .Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, default))
                    .ToArray();
                await services.GetRequiredService<IEventStore>().AppendAsync(StreamId.ForDefaultTenant("orders-o1"), ExpectedVersion.Any, data);
                await services.GetRequiredService<IProjectionManager>().CatchUpAsync();

                var o1 = await services.GetRequiredService<IProjectionStore<OrderSummary>>().LoadAsync("o1");
                var status = await services.GetRequiredService<IProjectionManager>().GetStatusAsync();
                return $"{string.Join(",", status.Select(s => s.Projection))}|{o1!.Customer}/{o1.Total}/{o1.Notes}";
            }
        }
        """;

    [Fact]
    public async Task GeneratedApply_CreatesChangesDeletesAndIgnoresEvents_AndDocumentIdForPicksTheDocument()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(ProjectionTestSources.ProjectionsApp, DirectProgram, Usings));
        Assert.Empty(run.Errors);

        var output = await GeneratedProgram.RunAsync(run.Output);

        Assert.Equal(
            string.Join("\n",
                "order-summary: Discounted,LoyaltyDiscounted,NoteAdded,OrderCancelled,OrderImported,OrderPlaced,OrderShipped,UrgentNoteAdded",
                "OrderShipped @o1: none", // no document to apply to: ignored
                "OrderPlaced @o1: o1/ada/100/Placed/0",
                "NoteAdded @o1: o1/ada/100/Placed/1", // through Apply(IOrderNote) and DocumentId(IOrderNote)
                "UrgentNoteAdded @o1: o1/ada/100/Placed/2",
                "Discounted @o1: o1/ada/90/Placed/2",
                "LoyaltyDiscounted @o1: o1/ada/80/Placed/2", // its own Apply, not the base type's; the base type's DocumentId
                "OrderShipped @o1: o1/ada/80/Shipped@7/2", // with the EventContext
                "CustomerRenamed @orders-o1: o1/ada/80/Shipped@7/2", // not read by this projection: unchanged; no DocumentId: the stream id
                "OrderImported @o1: o1/ada/70/Shipped@7/2", // Create and Apply: a document exists, so Apply
                "OrderCancelled @orders-o1: none", // Apply returned null: deleted
                "NoteAdded @o1: none",
                "OrderImported @o1: o1/bob/70/Imported/0", // no document: Create
                "customer-cards: CustomerRegistered,CustomerRenamed",
                "True True c1/Mx Bo/1/15 @c1", // instance methods; a void Apply changes the document in place
                "daily-totals: OrderPlaced,OrderShipped @2026-03-01 15/2"),
            output);
    }

    [Fact]
    public async Task GeneratedRegistry_RunsEveryProjectionThroughTheEngine()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(ProjectionTestSources.ProjectionsApp, EngineProgram, Usings));
        Assert.Empty(run.Errors);

        var output = await GeneratedProgram.RunAsync(run.Output);

        Assert.Equal("customer-cards,daily-totals,order-summary|ada/90/Shipped@4/1|o2 deleted|Bo/1/2|120/2", output);
    }

    [Fact]
    public async Task ProjectionOfAReferencedLibrary_IsRegisteredByTheApplication()
    {
        var library = GeneratorRun.Run(TestCompilation.Library("Shop.Reporting", ProjectionTestSources.ProjectionsApp, """
            namespace Shop.Reporting;
            internal sealed record Hidden(string Id);
            internal sealed partial class HiddenProjection : Whizbang.Projections.Projection<Hidden>
            {
                private static Hidden Create(OrderPlaced e) => new(e.OrderId);
            }
            """));
        Assert.Empty(library.Errors);
        Assert.Empty(library.Diagnostics);
        var image = TestCompilation.Emit(library.Output);

        var app = GeneratorRun.Run(TestCompilation.Create("Shop.App", OutputKind.ConsoleApplication, [MetadataReference.CreateFromImage(image)],
            TestCompilation.WithEntryPoint([LibraryProgram, Usings])));

        Assert.Empty(app.Errors);
        Assert.Empty(app.Diagnostics);
        var registry = Assert.Single(app.GeneratedSources, s => s.HintName == "ShopAppHandlerRegistry.g.cs").SourceText.ToString();
        Assert.Contains(
            "new global::Whizbang.Projections.ProjectionDescriptor<global::Shop.Reporting.OrderSummaryProjection, global::Shop.Reporting.OrderSummary>(\"order-summary\"),",
            registry,
            StringComparison.Ordinal);
        Assert.Contains("ProjectionDescriptor<global::Shop.Reporting.CustomerCards, global::Shop.Reporting.CustomerCard>(\"customer-cards\")", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", registry, StringComparison.Ordinal); // internal to the library: the application cannot create it
        Assert.DoesNotContain("DailyTotals", registry, StringComparison.Ordinal); // nested internal type, likewise

        var output = await GeneratedProgram.RunAsync(app.Output, ("Shop.Reporting", image));

        Assert.Equal("customer-cards,order-summary|ada/100/1", output);
    }
}
