using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Authorization;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Authorization.PermissionAnalyzer>;

namespace Whizbang.Analyzers.Tests.Authorization;

public sealed class PermissionAnalyzerTests
{
    [Fact]
    public async Task Command_WithoutPermissionOrPublicMarker_ReportsWhiz103AtTypeNameNamingTheType()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [OwnedBy("Orders")]
            public sealed record {|#0:PlaceOrder|}(string Sku, int Quantity) : ICommand;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.MissingPermission).WithLocation(0).WithArguments("Shop.PlaceOrder", "Command"));
    }

    [Fact]
    public async Task Query_WithoutPermissionOrPublicMarker_ReportsWhiz103SayingQuery()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record {|#0:GetOrder|}(System.Guid Id) : IQuery<string>;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.MissingPermission).WithLocation(0).WithArguments("Shop.GetOrder", "Query"));
    }

    [Theory]
    [InlineData("public sealed record {|WHIZ103:CreateOrder|}(string Sku) : ICommand<System.Guid>;")]
    [InlineData("public readonly struct {|WHIZ103:CancelOrder|} : ICommand;")]
    [InlineData("public readonly record struct {|WHIZ103:CountOrders|} : IQuery<int>;")]
    [InlineData("public sealed class {|WHIZ103:ShipOrder|}<T> : ICommand;")]
    [InlineData("public interface IOrderCommand : ICommand; public sealed record {|WHIZ103:PlaceOrder|}(string Sku) : IOrderCommand;")]
    public async Task CommandOrQueryOfAnyShape_WithoutPermissionOrPublicMarker_ReportsWhiz103(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task DerivedCommand_OfBaseWithPermission_ReportsWhiz103BecauseTheAttributesAreNotInherited()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission("orders.admin")]
            public abstract record AdminCommand : ICommand;

            public sealed record {|WHIZ103:DeleteOrder|}(System.Guid Id) : AdminCommand;
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task PartialCommand_WithoutPermission_ReportsWhiz103Once()
    {
        var test = new Verify();
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            public sealed partial record {|WHIZ103:PlaceOrder|}(string Sku) : ICommand;
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

    [Theory]
    [InlineData("[RequiresPermission(\"orders.place\")] public sealed record PlaceOrder(string Sku) : ICommand;")]
    [InlineData("[RequiresPermission(\"orders.place\"), RequiresPermission(\"orders.write\")] public sealed record PlaceOrder(string Sku) : ICommand;")]
    [InlineData("[RequiresPermission(\"orders.create\")] public sealed record CreateOrder(string Sku) : ICommand<System.Guid>;")]
    [InlineData("[RequiresPermissionAttribute(\"orders.read\")] public sealed record GetOrder(System.Guid Id) : IQuery<string>;")]
    [InlineData("[PublicMessage] public sealed record GetCatalog : IQuery<string[]>;")]
    [InlineData("[PublicMessage] public readonly record struct Ping : ICommand;")]
    public async Task CommandOrQuery_WithPermissionOrPublicMarker_ReportsNothing(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task PartialCommand_WithPermissionOnAnotherPart_ReportsNothing()
    {
        var test = new Verify();
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            public sealed partial record PlaceOrder(string Sku) : ICommand;
            """);
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission("orders.place")]
            public sealed partial record PlaceOrder;
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task EventsAbstractBasesAndInterfaces_WithoutPermission_ReportNothing()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            public sealed record OrderPlaced(System.Guid Id) : IEvent;

            public abstract record OrderCommand : ICommand;

            public interface IOrderQuery : IQuery<string>;

            public sealed record Order(System.Guid Id, string Sku);
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeICommand_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<PermissionAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Shop;

            public interface ICommand;

            public interface IQuery<TResult>;

            public sealed record PlaceOrder(string Sku) : ICommand;

            public sealed record GetOrder(System.Guid Id) : IQuery<string>;
            """;

        await test.RunAsync();
    }
}
