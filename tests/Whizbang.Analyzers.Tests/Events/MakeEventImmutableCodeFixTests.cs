using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.CodeFixes;
using Whizbang.Analyzers.Events;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangCodeFixTest<
    Whizbang.Analyzers.Events.MutableEventAnalyzer,
    Whizbang.Analyzers.CodeFixes.MakeEventImmutableCodeFixProvider>;

namespace Whizbang.Analyzers.Tests.Events;

public sealed class MakeEventImmutableCodeFixTests
{
    [Fact]
    public async Task SettableProperty_IsFixedBy_ReplacingSetWithInit()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public System.Guid OrderId { get; init; }

                public decimal {|WHIZ104:Total|} { get; set; }

                /// <summary>Kept as written: only the keyword changes.</summary>
                public string {|WHIZ104:Customer|}
                {
                    get;
                    private set; // set by the factory
                } = "";
            }
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public System.Guid OrderId { get; init; }

                public decimal Total { get; init; }

                /// <summary>Kept as written: only the keyword changes.</summary>
                public string Customer
                {
                    get;
                    private init; // set by the factory
                } = "";
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task SetterWithBody_IsFixedBy_ReplacingSetWithInitKeepingTheBody()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public decimal {|WHIZ104:Total|} { get; set => field = decimal.Round(value, 2); }
            }
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public decimal Total { get; init => field = decimal.Round(value, 2); }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task NonReadonlyFields_AreFixedBy_AddingReadonlyInConventionalOrder()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public struct OrderPlaced : IEvent
            {
                public System.Guid {|WHIZ104:OrderId|};
                decimal {|WHIZ104:_total|};
                [System.NonSerialized]
                internal int {|WHIZ104:Attempt|};
                public required string {|WHIZ104:Customer|};
                public volatile int {|WHIZ104:Retries|};
            }
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop;

            public struct OrderPlaced : IEvent
            {
                public readonly System.Guid OrderId;
                readonly decimal _total;
                [System.NonSerialized]
                internal readonly int Attempt;
                public required string {|WHIZ104:Customer|};
                public volatile int {|WHIZ104:Retries|};
            }
            """;

        // A required or volatile field cannot be readonly: it stays reported, without a fix.
        var test = new Verify { TestCode = source, FixedCode = fixedSource };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public async Task PositionalRecordStruct_IsFixedBy_MakingTheRecordStructReadonly()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public record struct OrderPlaced(System.Guid {|WHIZ104:OrderId|}, decimal {|WHIZ104:Total|}) : IEvent;

            [OwnedBy("Orders")]
            record struct OrderShipped(System.Guid {|WHIZ104:OrderId|}) : IEvent;

            public partial record struct OrderCancelled(System.Guid {|WHIZ104:OrderId|}) : IEvent;
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop;

            public readonly record struct OrderPlaced(System.Guid OrderId, decimal Total) : IEvent;

            [OwnedBy("Orders")]
            readonly record struct OrderShipped(System.Guid OrderId) : IEvent;

            public readonly partial record struct OrderCancelled(System.Guid OrderId) : IEvent;
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task MutableCollection_HasNoFix()
    {
        const string source = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record OrderPlaced(System.Guid OrderId, List<string> {|WHIZ104:Skus|}) : IEvent;
            """;

        await Verify.VerifyAsync(source, source);
    }

    [Fact]
    public async Task SettableCollectionProperty_IsFixedOnlyForItsSetter()
    {
        const string source = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public List<string> {|#0:Skus|} { get; set; } = [];
            }
            """;
        const string fixedSource = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public List<string> {|#0:Skus|} { get; init; } = [];
            }
            """;

        var collection = new DiagnosticResult(WhizbangAnalyzerDiagnostics.MutableEvent).WithLocation(0)
            .WithArguments("Shop.OrderPlaced", "property 'Skus' has type 'List<string>', a mutable collection");
        var test = new Verify { TestCode = source, FixedCode = fixedSource };
        test.TestState.ExpectedDiagnostics.Add(collection);
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(WhizbangAnalyzerDiagnostics.MutableEvent).WithLocation(0)
            .WithArguments("Shop.OrderPlaced", "property 'Skus' has a setter"));
        test.FixedState.ExpectedDiagnostics.Add(collection);
        await test.RunAsync();
    }
}
