using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Ownership;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Ownership.OwnedByAnalyzer>;

namespace Whizbang.Analyzers.Tests.Ownership;

public sealed class OwnedByAnalyzerTests
{
    [Fact]
    public async Task RecordCommand_WithoutOwnedBy_ReportsWhiz101AtTypeNameNamingTheType()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record {|#0:PlaceOrder|}(string Sku, int Quantity) : ICommand;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.MissingOwnedBy).WithLocation(0).WithArguments("Shop.PlaceOrder"));
    }

    [Theory]
    [InlineData("public sealed class {|WHIZ101:OrderPlaced|} : IEvent;")]
    [InlineData("public sealed record {|WHIZ101:GetOrder|}(System.Guid Id) : IQuery<string>;")]
    [InlineData("public sealed record {|WHIZ101:CreateOrder|}(string Sku) : ICommand<System.Guid>;")]
    [InlineData("public readonly struct {|WHIZ101:CancelOrder|} : ICommand;")]
    [InlineData("public readonly record struct {|WHIZ101:OrderShipped|}(System.Guid Id) : IEvent;")]
    [InlineData("public sealed class {|WHIZ101:RawMessage|} : IMessage;")]
    public async Task ConcreteMessageOfAnyKind_WithoutOwnedBy_ReportsWhiz101(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task Message_ImplementingIMessageThroughItsOwnInterface_ReportsWhiz101()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public interface IOrderCommand : ICommand;

            public sealed record {|WHIZ101:PlaceOrder|}(string Sku) : IOrderCommand;
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NestedMessage_WithoutOwnedBy_ReportsWhiz101()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public static class Orders
            {
                public sealed record {|#0:Place|}(string Sku) : ICommand;
            }
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.MissingOwnedBy).WithLocation(0).WithArguments("Shop.Orders.Place"));
    }

    [Fact]
    public async Task PartialMessage_WithoutOwnedBy_ReportsWhiz101Once()
    {
        var test = new Verify();
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            public sealed partial record {|WHIZ101:PlaceOrder|}(string Sku) : ICommand;
            """);
        test.TestState.Sources.Add("""
            namespace Shop;

            public sealed partial record PlaceOrder
            {
                public int Quantity { get; init; }
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task DerivedMessage_OfOwnedBase_ReportsWhiz101BecauseOwnedByIsNotInherited()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [OwnedBy("Orders")]
            public abstract record OrderEvent(System.Guid OrderId) : IEvent;

            public sealed record {|WHIZ101:OrderPlaced|}(System.Guid OrderId) : OrderEvent(OrderId);
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData("public sealed record PlaceOrder(string Sku) : ICommand;")]
    [InlineData("public sealed class OrderPlaced : IEvent;")]
    [InlineData("public sealed record GetOrder(System.Guid Id) : IQuery<string>;")]
    [InlineData("public sealed record CreateOrder(string Sku) : ICommand<System.Guid>;")]
    [InlineData("public readonly record struct OrderShipped(System.Guid Id) : IEvent;")]
    public async Task Message_WithOwnedBy_ReportsNothing(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            [OwnedBy("Orders")]
            {{declaration}}
            """);
    }

    [Fact]
    public async Task Message_WithOwnedByFromConstant_ReportsNothing()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public static class Domains
            {
                public const string Orders = nameof(Orders);
            }

            [OwnedBy(Domains.Orders)]
            public sealed record PlaceOrder(string Sku) : ICommand;
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task AbstractBaseMessage_WithoutOwnedBy_ReportsNothing()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public abstract record OrderEvent(System.Guid OrderId) : IEvent;

            [OwnedBy("Orders")]
            public sealed record OrderPlaced(System.Guid OrderId) : OrderEvent(OrderId);
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task InterfaceDerivingFromIMessage_ReportsNothing()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public interface IOrderEvent : IEvent
            {
                System.Guid OrderId { get; }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TypeThatIsNotAMessage_ReportsNothing()
    {
        const string source = """
            namespace Shop;

            public sealed record Order(System.Guid Id, string Sku);

            public struct Money
            {
                public decimal Amount;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeIMessage_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<OwnedByAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Shop;

            public interface IMessage;

            public sealed class OwnedByAttribute(string domain) : System.Attribute
            {
                public string Domain { get; } = domain;
            }

            public sealed record PlaceOrder(string Sku) : IMessage;

            [OwnedBy("")]
            public sealed record CancelOrder(string Sku) : IMessage;
            """;

        await test.RunAsync();
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("\"\\t\"")]
    [InlineData("null")]
    public async Task OwnedBy_WithEmptyOrWhitespaceDomain_ReportsWhiz102OnTheAttribute(string domain)
    {
        await Verify.VerifyAsync(
            $$"""
            using Whizbang.Messaging;

            namespace Shop;

            [{|#0:OwnedBy({{domain}})|}]
            public sealed record PlaceOrder(string Sku) : ICommand;
            """,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.EmptyOwnedBy).WithLocation(0).WithArguments("Shop.PlaceOrder"));
    }

    [Fact]
    public async Task OwnedBy_WithEmptyDomain_DoesNotAlsoReportWhiz101()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [System.Serializable, {|WHIZ102:OwnedByAttribute("")|}]
            public readonly record struct OrderShipped(System.Guid Id) : IEvent;
            """;

        await Verify.VerifyAsync(source);
    }
}
