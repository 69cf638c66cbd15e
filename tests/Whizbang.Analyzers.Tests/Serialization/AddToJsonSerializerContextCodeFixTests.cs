using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.CodeFixes;
using Whizbang.Analyzers.Tests.Infrastructure;
using Whizbang.Generators.Aggregates;
using Whizbang.Messaging;

namespace Whizbang.Analyzers.Tests.Serialization;

/// <summary>
/// The fix for WHIZ301, which the generator reports (not an analyzer): the test runs the real
/// <see cref="AggregateGenerator"/> (the testing library collects generator diagnostics with the analyzers' and hands
/// them to the fix), so a change to where the generator reports WHIZ301 shows up here.
/// </summary>
public sealed class AddToJsonSerializerContextCodeFixTests
{
    private const string Events = """
        using Whizbang.Messaging;

        namespace Shop.Events;

        public sealed record OrderPlaced(string OrderId, decimal Total) : IEvent;

        public sealed record {|WHIZ301:OrderShipped|}(string OrderId) : IEvent;
        """;

    /// <summary>
    /// The part of a context the System.Text.Json generator writes; that generator does not run in these tests, and
    /// without its part the context is abstract and the compilation has errors.
    /// </summary>
    private static string GeneratedPart(string context) => $$"""
        namespace Shop;

        partial class {{context}}
        {
            public {{context}}() : base(null) { }
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
        }
        """;

    /// <summary>No analyzer: the diagnostics under test come from the generator.</summary>
    private static WhizbangCodeFixTest<EmptyDiagnosticAnalyzer, AddToJsonSerializerContextCodeFixProvider> NewTest() =>
        new WhizbangCodeFixTest<EmptyDiagnosticAnalyzer, AddToJsonSerializerContextCodeFixProvider>().WithGenerator<AggregateGenerator>();

    [Fact]
    public async Task EventMissingFromTheOnlyContext_IsFixedBy_AddingJsonSerializableAfterTheLastOne()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", Events));
        test.TestState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop;

            [JsonSourceGenerationOptions(WriteIndented = false)]
            [JsonSerializable(typeof(OrderPlaced))]
            [JsonSerializable(typeof(string))]
            [System.Serializable]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.Sources.Add(("Events.cs", Events.Replace("{|WHIZ301:OrderShipped|}", "OrderShipped", StringComparison.Ordinal)));
        test.FixedState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop;

            [JsonSourceGenerationOptions(WriteIndented = false)]
            [JsonSerializable(typeof(OrderPlaced))]
            [JsonSerializable(typeof(string))]
            [JsonSerializable(typeof(OrderShipped))]
            [System.Serializable]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.FixedState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));

        await test.RunAsync();
    }

    [Fact]
    public async Task IndentedContext_GetsTheAttributeOnItsOwnLineAfterTheLastJsonSerializable()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", Events));
        test.TestState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop
            {
                /// <summary>Everything Shop stores.</summary>
                [JsonSerializable(typeof(string)), JsonSerializable(typeof(OrderPlaced))] // the stored types
                [JsonSourceGenerationOptions(WriteIndented = true)]
                internal sealed partial class ShopJson : JsonSerializerContext
                {
                }
            }
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.Sources.Add(("Events.cs", Events.Replace("{|WHIZ301:OrderShipped|}", "OrderShipped", StringComparison.Ordinal)));
        test.FixedState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop
            {
                /// <summary>Everything Shop stores.</summary>
                [JsonSerializable(typeof(string)), JsonSerializable(typeof(OrderPlaced))] // the stored types
                [JsonSerializable(typeof(OrderShipped))]
                [JsonSourceGenerationOptions(WriteIndented = true)]
                internal sealed partial class ShopJson : JsonSerializerContext
                {
                }
            }
            """));
        test.FixedState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));

        await test.RunAsync();
    }

    [Fact]
    public async Task ContextFileWithoutTheUsings_GetsThemAndShortNames()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", Events));
        test.TestState.Sources.Add(("ShopJson.cs", """
            namespace Shop;

            /// <summary>Everything Shop stores.</summary>
            [System.Text.Json.Serialization.JsonSerializable(typeof(Shop.Events.OrderPlaced))]
            internal sealed partial class ShopJson : System.Text.Json.Serialization.JsonSerializerContext
            {
            }
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.Sources.Add(("Events.cs", Events.Replace("{|WHIZ301:OrderShipped|}", "OrderShipped", StringComparison.Ordinal)));
        test.FixedState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop;

            /// <summary>Everything Shop stores.</summary>
            [System.Text.Json.Serialization.JsonSerializable(typeof(Shop.Events.OrderPlaced))]
            [JsonSerializable(typeof(OrderShipped))]
            internal sealed partial class ShopJson : System.Text.Json.Serialization.JsonSerializerContext
            {
            }
            """));
        test.FixedState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));

        await test.RunAsync();
    }

    [Fact]
    public async Task SeveralMissingEvents_AreAddedInOrder_OneAtATimeOrAllAtOnce()
    {
        const string events = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record {|WHIZ301:OrderPlaced|}(string OrderId) : IEvent;

            public sealed record {|WHIZ301:OrderShipped|}(string OrderId) : IEvent;

            public readonly record struct {|WHIZ301:OrderCancelled|}(string OrderId) : IEvent;
            """;
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", events));
        test.TestState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;

            namespace Shop;

            [JsonSerializable(typeof(int))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.Sources.Add(("Events.cs", events.Replace("{|WHIZ301:", "", StringComparison.Ordinal).Replace("|}", "", StringComparison.Ordinal)));
        test.FixedState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;

            namespace Shop;

            [JsonSerializable(typeof(int))]
            [JsonSerializable(typeof(OrderPlaced))]
            [JsonSerializable(typeof(OrderShipped))]
            [JsonSerializable(typeof(OrderCancelled))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.FixedState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));

        await test.RunAsync();
    }

    [Fact]
    public async Task EventOfAnotherAssemblyRaisedByAnAggregate_IsFixedFromTheRaiseCall()
    {
        var test = NewTest();
        test.TestState.AdditionalProjects["Contracts"].Sources.Add(("Contracts.cs", """
            namespace Contracts;

            public sealed record OrderShipped(string OrderId) : Whizbang.Messaging.IEvent;
            """));
        test.TestState.AdditionalProjects["Contracts"].AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IMessage).Assembly.Location));
        test.TestState.AdditionalProjectReferences.Add("Contracts");
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck; // the aggregate's generated part is not under test
        test.TestState.Sources.Add(("Order.cs", """
            using Whizbang.EventSourcing.Aggregates;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed partial class Order : Aggregate
            {
                public void Ship() => Raise({|WHIZ301:new Contracts.OrderShipped(Id)|});

                private void Apply(IEvent e) { }
            }
            """));
        test.TestState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;

            namespace Shop;

            [JsonSerializable(typeof(string))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.Sources.Add(("Order.cs", """
            using Whizbang.EventSourcing.Aggregates;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed partial class Order : Aggregate
            {
                public void Ship() => Raise(new Contracts.OrderShipped(Id));

                private void Apply(IEvent e) { }
            }
            """));
        test.FixedState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Contracts;

            namespace Shop;

            [JsonSerializable(typeof(string))]
            [JsonSerializable(typeof(OrderShipped))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.FixedState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));

        await test.RunAsync();
    }

    [Fact]
    public async Task TwoContexts_HaveNoFix_BecauseThePersonChoosesOne()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", Events));
        test.TestState.Sources.Add(("Json.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop;

            [JsonSerializable(typeof(OrderPlaced))]
            internal sealed partial class ShopJson : JsonSerializerContext;

            [JsonSerializable(typeof(string))]
            internal sealed partial class AuditJson : JsonSerializerContext;
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.TestState.Sources.Add(("AuditJson.g.cs", GeneratedPart("AuditJson")));
        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = MarkupMode.Allow;

        await test.RunAsync();
    }

    [Fact]
    public async Task EventTheContextCannotSee_HasNoFix()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("Events.cs", """
            using Whizbang.Messaging;

            namespace Shop.Events;

            public sealed record OrderPlaced(string OrderId) : IEvent;

            public sealed class Outbox
            {
                private sealed record {|WHIZ301:Relayed|}(string OrderId) : IEvent;
            }
            """));
        test.TestState.Sources.Add(("ShopJson.cs", """
            using System.Text.Json.Serialization;
            using Shop.Events;

            namespace Shop;

            [JsonSerializable(typeof(OrderPlaced))]
            internal sealed partial class ShopJson : JsonSerializerContext;
            """));
        test.TestState.Sources.Add(("ShopJson.g.cs", GeneratedPart("ShopJson")));
        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = MarkupMode.Allow;

        await test.RunAsync();
    }

}
