using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Authorization;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Authorization.PublicMessageWithPermissionAnalyzer>;

namespace Whizbang.Analyzers.Tests.Authorization;

public sealed class PublicMessageWithPermissionAnalyzerTests
{
    [Fact]
    public async Task Message_MarkedPublicAndRequiringPermission_ReportsWhiz108OnPublicMessageNamingTheType()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [{|#0:PublicMessage|}]
            [RequiresPermission("orders.place")]
            public sealed record PlaceOrder(string Sku) : ICommand;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.PublicMessageWithPermission).WithLocation(0).WithArguments("Shop.PlaceOrder"));
    }

    [Theory]
    [InlineData("[{|WHIZ108:PublicMessage|}, RequiresPermission(\"orders.read\")] public sealed record GetOrder(System.Guid Id) : IQuery<string>;")]
    [InlineData("[RequiresPermission(\"a\"), RequiresPermission(\"b\"), {|WHIZ108:PublicMessageAttribute()|}] public readonly struct CancelOrder : ICommand;")]
    [InlineData("[{|WHIZ108:Whizbang.Messaging.PublicMessage|}] [RequiresPermission(\"\")] public sealed class ShipOrder : ICommand<int>;")]
    [InlineData("[{|WHIZ108:PublicMessage|}, RequiresPermission(\"audit\")] public sealed record OrderPlaced : IEvent;")]
    public async Task AnyMessage_MarkedPublicAndRequiringPermission_ReportsWhiz108(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task PartialMessage_WithTheAttributesOnDifferentParts_ReportsWhiz108()
    {
        var test = new Verify();
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission("orders.place")]
            public sealed partial record PlaceOrder(string Sku) : ICommand;
            """);
        test.TestState.Sources.Add("""
            using Whizbang.Messaging;

            namespace Shop;

            [{|WHIZ108:PublicMessage|}]
            public sealed partial record PlaceOrder;
            """);

        await test.RunAsync();
    }

    [Theory]
    [InlineData("[RequiresPermission(\"orders.place\")] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[RequiresPermission(\"orders.place\"), RequiresPermission(\"orders.write\")] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[PublicMessage] public sealed record GetCatalog : IQuery<string[]>;")]
    [InlineData("[PublicMessage, Whizbang.Tenancy.CrossTenant(\"tenant directory\")] public sealed record ListTenants : IQuery<string[]>;")]
    [InlineData("public sealed record OrderPlaced : IEvent;")]
    public async Task MessageThatIsEitherPublicOrProtected_ReportsNothing(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task DerivedPublicMessage_OfProtectedBase_ReportsNothingBecauseTheAttributesAreNotInherited()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission("orders.admin")]
            public abstract record AdminCommand : ICommand;

            [PublicMessage]
            public sealed record Ping : AdminCommand;
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeAttributes_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<PublicMessageWithPermissionAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Shop;

            public sealed class PublicMessageAttribute : System.Attribute;

            public sealed class RequiresPermissionAttribute(string permission) : System.Attribute
            {
                public string Permission { get; } = permission;
            }

            [PublicMessage, RequiresPermission("orders.place")]
            public sealed record PlaceOrder;
            """;

        await test.RunAsync();
    }
}
