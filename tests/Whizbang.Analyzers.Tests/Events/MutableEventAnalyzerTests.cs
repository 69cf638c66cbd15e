using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Events;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Events.MutableEventAnalyzer>;

namespace Whizbang.Analyzers.Tests.Events;

public sealed class MutableEventAnalyzerTests
{
    private static DiagnosticResult Whiz104(int location, string eventName, string reason) =>
        new DiagnosticResult(WhizbangAnalyzerDiagnostics.MutableEvent).WithLocation(location).WithArguments(eventName, reason);

    [Fact]
    public async Task Event_WithSettableProperty_ReportsWhiz104OnThePropertyNamingEventAndProperty()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                public System.Guid OrderId { get; init; }

                public decimal {|#0:Total|} { get; set; }
            }
            """;

        await Verify.VerifyAsync(source, Whiz104(0, "Shop.OrderPlaced", "property 'Total' has a setter"));
    }

    [Theory]
    [InlineData("public decimal {|WHIZ104:Total|} { get; private set; }")]
    [InlineData("private static decimal s_total; public decimal {|WHIZ104:Total|} { get => s_total; set => s_total = value; }")]
    [InlineData("public decimal {|WHIZ104:Total|} { get => field; set => field = value; }")]
    public async Task Event_WithSetterOfAnyAccessibilityOrBody_ReportsWhiz104(string member)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced : IEvent
            {
                {{member}}
            }
            """);
    }

    [Fact]
    public async Task Event_WithNonReadonlyField_ReportsWhiz104OnTheField()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public struct OrderPlaced : IEvent
            {
                public readonly System.Guid OrderId;
                public decimal {|#0:Total|};
            }
            """;

        await Verify.VerifyAsync(source, Whiz104(0, "Shop.OrderPlaced", "field 'Total' is not readonly"));
    }

    [Fact]
    public async Task PositionalRecordStructEvent_NotReadonly_ReportsWhiz104OnEachParameter()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public record struct OrderPlaced(System.Guid {|#0:OrderId|}, decimal {|#1:Total|}) : IEvent;
            """;

        await Verify.VerifyAsync(
            source,
            Whiz104(0, "Shop.OrderPlaced", "positional property 'OrderId' has a setter because the record struct is not readonly"),
            Whiz104(1, "Shop.OrderPlaced", "positional property 'Total' has a setter because the record struct is not readonly"));
    }

    [Fact]
    public async Task Event_WithMutableCollectionPositionalParameter_ReportsWhiz104OnTheParameter()
    {
        const string source = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record OrderPlaced(System.Guid OrderId, List<string> {|#0:Skus|}) : IEvent;
            """;

        await Verify.VerifyAsync(source, Whiz104(0, "Shop.OrderPlaced", "property 'Skus' has type 'List<string>', a mutable collection"));
    }

    [Theory]
    [InlineData("string[]")]
    [InlineData("int[,]")]
    [InlineData("List<string>")]
    [InlineData("Dictionary<string, int>")]
    [InlineData("HashSet<string>")]
    [InlineData("ICollection<string>")]
    [InlineData("IList<string>")]
    [InlineData("IDictionary<string, int>")]
    [InlineData("ISet<string>")]
    [InlineData("SortedDictionary<string, int>")]
    [InlineData("Queue<string>")]
    [InlineData("System.Collections.ObjectModel.Collection<string>")]
    [InlineData("System.Collections.ObjectModel.ObservableCollection<string>")]
    [InlineData("System.Collections.Concurrent.ConcurrentDictionary<string, int>")]
    [InlineData("System.Collections.ArrayList")]
    [InlineData("System.Collections.IList")]
    [InlineData("Lines")]
    public async Task Event_WithGetOnlyPropertyOfMutableCollectionType_ReportsWhiz104(string type)
    {
        await Verify.VerifyAsync($$"""
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class Lines : List<string>;

            public sealed class OrderPlaced(IEnumerable<string> skus) : IEvent
            {
                public {{type}} {|WHIZ104:Skus|} { get; } = default!;
            }
            """);
    }

    [Theory]
    [InlineData("IReadOnlyList<int[]>", "int[]")]
    [InlineData("IReadOnlyDictionary<string, List<int>>", "List<int>")]
    [InlineData("System.Collections.Immutable.ImmutableArray<HashSet<int>>", "HashSet<int>")]
    public async Task Event_WithReadOnlyCollectionOfMutableCollections_ReportsWhiz104NamingTheInnerCollection(string type, string inner)
    {
        await Verify.VerifyAsync(
            $$"""
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record OrderPlaced({{type}} {|#0:Lines|}) : IEvent;
            """,
            Whiz104(0, "Shop.OrderPlaced", $"property 'Lines' has type '{type.Replace("System.Collections.Immutable.", "", StringComparison.Ordinal)}', which holds the mutable collection '{inner}'"));
    }

    [Fact]
    public async Task Event_WithReadonlyFieldOfMutableCollectionType_ReportsWhiz104OnTheField()
    {
        const string source = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class OrderPlaced(List<string> skus) : IEvent
            {
                private readonly List<string> {|#0:_skus|} = skus;

                public IReadOnlyList<string> Skus => _skus;
            }
            """;

        await Verify.VerifyAsync(source, Whiz104(0, "Shop.OrderPlaced", "field '_skus' has type 'List<string>', a mutable collection"));
    }

    [Fact]
    public async Task Event_WithSettableCollectionProperty_ReportsBothProblems()
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

        await Verify.VerifyAsync(
            source,
            Whiz104(0, "Shop.OrderPlaced", "property 'Skus' has a setter"),
            Whiz104(0, "Shop.OrderPlaced", "property 'Skus' has type 'List<string>', a mutable collection"));
    }

    [Fact]
    public async Task AbstractBaseEvent_WithSetter_ReportsOnTheBaseOnly()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public abstract class OrderEvent : IEvent
            {
                public System.Guid {|#0:OrderId|} { get; set; }
            }

            public sealed class OrderPlaced : OrderEvent
            {
                public decimal Total { get; init; }
            }
            """;

        await Verify.VerifyAsync(source, Whiz104(0, "Shop.OrderEvent", "property 'OrderId' has a setter"));
    }

    [Fact]
    public async Task ImmutableEvents_ReportNothing()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Collections.Frozen;
            using System.Collections.Immutable;
            using System.Collections.ObjectModel;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record OrderPlaced(
                System.Guid OrderId,
                string Customer,
                IReadOnlyList<string> Skus,
                IReadOnlyCollection<int> Quantities,
                IReadOnlyDictionary<string, decimal> Prices,
                IEnumerable<string> Tags,
                ImmutableArray<string> Notes,
                ImmutableList<string> History,
                ImmutableDictionary<string, string> Metadata,
                IReadOnlySet<string> Codes,
                FrozenSet<string> Flags,
                ReadOnlyCollection<string> Lines,
                (string, int)? Pair) : IEvent
            {
                public static List<string> Cache { get; set; } = [];
                private static int s_counter;
                public const int Version = 1;
                public decimal Total { get; init; }
                public List<string> Copy => [.. Skus];
                public int Next() => ++s_counter;
            }

            public readonly record struct OrderShipped(System.Guid OrderId, System.DateTimeOffset At) : IEvent;

            public sealed class OrderCancelled(System.Guid orderId) : IEvent
            {
                private readonly System.Guid _orderId = orderId;
                public System.Guid OrderId => _orderId;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MutableTypesThatAreNotEvents_ReportNothing()
    {
        const string source = """
            using System.Collections.Generic;
            using Whizbang.Messaging;

            namespace Shop;

            public sealed class Order
            {
                public List<string> Skus { get; set; } = [];
                public int Count;
            }

            public record struct PlaceOrder(string Sku, int[] Quantities) : ICommand;

            public interface IOrderEvent : IEvent
            {
                System.Guid OrderId { get; set; }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeIEvent_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<MutableEventAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Shop;

            public interface IEvent;

            public sealed class OrderPlaced : IEvent
            {
                public decimal Total { get; set; }
            }
            """;

        await test.RunAsync();
    }
}
