using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Authorization;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Authorization.EmptyAccessArgumentAnalyzer>;

namespace Whizbang.Analyzers.Tests.Authorization;

public sealed class EmptyAccessArgumentAnalyzerTests
{
    private const string PermissionAdvice = "name the permission a caller needs, such as \"orders.place\"";
    private const string ReasonAdvice = "say why handling it needs other tenants' data, such as \"monthly revenue report\"; the reason is recorded in every envelope";

    [Fact]
    public async Task RequiresPermission_WithEmptyPermission_ReportsWhiz107OnTheAttributeNamingTypeAndArgument()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [{|#0:RequiresPermission("")|}]
            public sealed record PlaceOrder(string Sku) : ICommand;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.EmptyAccessArgument).WithLocation(0)
                .WithArguments("RequiresPermission", "Shop.PlaceOrder", "permission", PermissionAdvice));
    }

    [Fact]
    public async Task CrossTenant_WithWhitespaceReason_ReportsWhiz107SayingReason()
    {
        const string source = """
            using Whizbang.Messaging;
            using Whizbang.Tenancy;

            namespace Shop;

            [RequiresPermission("reports.run")]
            [{|#0:CrossTenant("  ")|}]
            public sealed record RunRevenueReport : ICommand<decimal>;
            """;

        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(WhizbangAnalyzerDiagnostics.EmptyAccessArgument).WithLocation(0)
                .WithArguments("CrossTenant", "Shop.RunRevenueReport", "reason", ReasonAdvice));
    }

    [Theory]
    [InlineData("[{|WHIZ107:RequiresPermission(null)|}] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[{|WHIZ107:RequiresPermission(\"\\t\\n\")|}] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[{|WHIZ107:RequiresPermissionAttribute(permission: \"\")|}] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[RequiresPermission(\"orders.place\"), {|WHIZ107:RequiresPermission(Empty)|}] public sealed record PlaceOrder : ICommand { private const string Empty = \"\"; }")]
    [InlineData("[{|WHIZ107:Whizbang.Tenancy.CrossTenant(null)|}] public sealed record PriceListPublished : IEvent;")]
    [InlineData("[{|WHIZ107:Whizbang.Tenancy.CrossTenant(\"\")|}, {|WHIZ107:RequiresPermission(\" \")|}] public readonly struct Migrate : ICommand;")]
    public async Task EmptyNullOrWhitespaceArguments_InAnyForm_ReportWhiz107(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task PartialMessage_WithEmptyPermissionOnAnotherPart_ReportsWhiz107Once()
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

            [{|WHIZ107:RequiresPermission("")|}]
            public sealed partial record PlaceOrder;
            """);

        await test.RunAsync();
    }

    [Theory]
    [InlineData("[RequiresPermission(\"orders.place\")] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[RequiresPermission(\"orders.place\"), RequiresPermission(\"orders.write\")] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[RequiresPermission(\" orders.place \")] public sealed record PlaceOrder : ICommand;")]
    [InlineData("[RequiresPermission(\"reports.run\"), Whizbang.Tenancy.CrossTenant(\"monthly revenue report\")] public sealed record RunRevenueReport : ICommand<decimal>;")]
    [InlineData("[PublicMessage] public sealed record GetCatalog : IQuery<string[]>;")]
    [InlineData("public sealed record OrderPlaced : IEvent;")]
    public async Task ValidOrAbsentAttributes_ReportNothing(string declaration)
    {
        await Verify.VerifyAsync($$"""
            using Whizbang.Messaging;

            namespace Shop;

            {{declaration}}
            """);
    }

    [Fact]
    public async Task ArgumentTheCompilerRejects_IsLeftToTheCompiler()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission({|CS0182:Permissions.Place|})]
            public sealed record PlaceOrder : ICommand;

            public static class Permissions
            {
                public static readonly string Place = "";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeAttribute_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<EmptyAccessArgumentAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Shop;

            public sealed class RequiresPermissionAttribute(string permission) : System.Attribute
            {
                public string Permission { get; } = permission;
            }

            [RequiresPermission("")]
            public sealed record PlaceOrder;
            """;

        await test.RunAsync();
    }
}
