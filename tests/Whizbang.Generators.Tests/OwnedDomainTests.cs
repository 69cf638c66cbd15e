using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

/// <summary>
/// <c>[assembly: OwnsDomain]</c>: a project that declares its domains is one service of several. Another domain's
/// command needs no handler here (no WHIZ001), a handler here for one never runs (WHIZ022), an empty name is an error
/// (WHIZ023), and the generated registry lists the declared domains.
/// </summary>
public sealed class OwnedDomainTests
{
    private const string Usings = "using System.Threading; using System.Threading.Tasks; using Whizbang.Messaging;\n";

    /// <summary>The shared contracts of two services: Orders and Inventory.</summary>
    private const string Contracts = """
        using Whizbang.Messaging;

        namespace Shop.Contracts;

        [OwnedBy("Orders")] public sealed record PlaceOrder(string Sku) : ICommand;
        [OwnedBy("Orders")] public sealed record OrderPlaced(string Sku) : IEvent;
        [OwnedBy("Inventory")] public sealed record ReserveStock(string Sku) : ICommand;
        [OwnedBy("Inventory")] public sealed record CountStock(string Sku) : IQuery<int>;
        [OwnedBy("Inventory")] public sealed record StockReserved(string Sku) : IEvent;
        """;

    /// <summary>The Orders service: handles its own command and Inventory's event.</summary>
    private const string OrdersService = """
        using System.Threading;
        using System.Threading.Tasks;
        using Whizbang.Messaging;
        using Shop.Contracts;

        [assembly: OwnsDomain("Orders")]

        namespace Shop.Orders;

        public sealed class PlaceOrderHandler : ICommandHandler<PlaceOrder>
        {
            public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => default;
        }

        public sealed class StockReservedHandler : IEventHandler<StockReserved>
        {
            public ValueTask HandleAsync(StockReserved @event, CancellationToken cancellationToken) => default;
        }
        """;

    /// <summary>Handlers of Inventory's command and query, written in the Orders service by mistake.</summary>
    private const string StockHandlers = """
        using System.Threading;
        using System.Threading.Tasks;
        using Whizbang.Messaging;
        using Shop.Contracts;

        namespace Shop.Orders;

        public sealed class ReserveStockHandler : ICommandHandler<ReserveStock>
        {
            public ValueTask HandleAsync(ReserveStock command, CancellationToken cancellationToken) => default;
        }

        public sealed class CountStockHandler : IQueryHandler<CountStock, int>
        {
            public ValueTask<int> HandleAsync(CountStock query, CancellationToken cancellationToken) => new(0);
        }
        """;

    [Fact]
    public void WHIZ001_CommandsOfADomainNotOwned_AreNotReported_WhenTheServiceDeclaresItsDomains()
    {
        var run = RunWithContractsLibrary(OrdersService);

        Assert.Empty(run.Diagnostics); // ReserveStock and CountStock are handled by Inventory's service
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void WHIZ001_CommandsOfADomainNotOwned_AreReported_WithoutADeclaration()
    {
        var run = RunWithContractsLibrary(OrdersService.Replace("[assembly: OwnsDomain(\"Orders\")]", string.Empty, StringComparison.Ordinal));

        Assert.Equal(
            ["'Shop.Contracts.CountStock' is a query", "'Shop.Contracts.ReserveStock' is a command"],
            run.Diagnostics.Where(d => d.Id == "WHIZ001").Select(d => d.GetMessage()[..d.GetMessage().IndexOf(" but", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WHIZ001_CommandOfAnOwnedDomainWithoutHandler_IsStillReported()
    {
        var run = RunWithContractsLibrary("[assembly: Whizbang.Messaging.OwnsDomain(\"Orders\")]"); // no handler at all

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ001", diagnostic.Id);
        Assert.StartsWith("'Shop.Contracts.PlaceOrder' is a command", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ001_CommandWithoutOwner_IsStillReported()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            [assembly: OwnsDomain("Orders")]
            public sealed record Lonely : ICommand;
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ001", diagnostic.Id);
        Assert.Contains("'Lonely' is a command", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ001_CommandOfADomainNotOwned_DeclaredInTheServiceItself_IsNotReported()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            [assembly: OwnsDomain("Orders")]
            [OwnedBy("Inventory")] public sealed record ReserveStock : ICommand;
            """));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ022_HandlersOfAnotherDomainsCommandAndQuery_AreReportedAtEachHandler()
    {
        var run = RunWithContractsLibrary(OrdersService, StockHandlers);

        Assert.Empty(run.Errors);
        var diagnostics = run.Diagnostics.Where(d => d.Id == "WHIZ022").OrderBy(d => d.GetMessage(), StringComparer.Ordinal).ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            "Handler 'Shop.Orders.CountStockHandler' never runs here: 'Shop.Contracts.CountStock' belongs to domain 'Inventory', which this project does not own " +
            "([assembly: OwnsDomain]); only Inventory's service answers it (a result cannot travel between services)",
            diagnostics[0].GetMessage());
        Assert.Equal(
            "Handler 'Shop.Orders.ReserveStockHandler' never runs here: 'Shop.Contracts.ReserveStock' belongs to domain 'Inventory', which this project does not own " +
            "([assembly: OwnsDomain]); it is sent to Inventory's service",
            diagnostics[1].GetMessage());
        var location = diagnostics[1].Location;
        Assert.Equal("ReserveStockHandler", location.SourceTree!.GetText().ToString(location.SourceSpan));
        Assert.Equal(2, run.Diagnostics.Length);
    }

    [Fact]
    public void WHIZ022_HandlerOfAnotherDomainsEvent_IsNotReported()
    {
        var run = RunWithContractsLibrary(OrdersService); // StockReservedHandler subscribes to Inventory's event

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "WHIZ022");
        Assert.Contains("global::Shop.Orders.StockReservedHandler", Registry(run, "Inventory"), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ022_HandlerOfAnotherDomainsCommand_IsNotReported_WithoutADeclaration()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            [OwnedBy("Inventory")] public sealed record ReserveStock : ICommand;
            public sealed class ReserveStockHandler : ICommandHandler<ReserveStock> { public ValueTask HandleAsync(ReserveStock c, CancellationToken t) => default; }
            """));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void WHIZ022_HandlerOfAnotherDomainsCommandInAReferencedLibrary_IsNotReported()
    {
        var library = GeneratorRun.Run(TestCompilation.Library("Shop.Contracts", Contracts + """

            public sealed class ReserveStockHandler : ICommandHandler<ReserveStock>
            {
                public System.Threading.Tasks.ValueTask HandleAsync(ReserveStock command, System.Threading.CancellationToken cancellationToken) => default;
            }
            """));
        Assert.Empty(library.Errors);

        var run = GeneratorRun.Run(TestCompilation.Create("Shop.Orders", OutputKind.ConsoleApplication,
            [MetadataReference.CreateFromImage(TestCompilation.Emit(library.Output))], TestCompilation.WithEntryPoint([OrdersService])));

        Assert.Empty(run.Diagnostics); // the library's handler is the library's concern; this project cannot fix it
    }

    [Fact]
    public void WHIZ022_HandlersOfOwnedDomains_AreNotReported_WhenSeveralDomainsAreDeclaredInSeveralFiles()
    {
        var run = RunWithContractsLibrary(OrdersService, StockHandlers, "[assembly: Whizbang.Messaging.OwnsDomain(\"Inventory\")]");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains("OwnedDomains => s_ownedDomains;", Registry(run), StringComparison.Ordinal);
        Assert.Contains("private static readonly string[] s_ownedDomains = [\"Inventory\", \"Orders\"];", Registry(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"  \"", "\"  \"")]
    [InlineData("null", "null")]
    public void WHIZ023_EmptyOwnedDomain_IsAnErrorOnTheAttribute_AndIsIgnored(string argument, string shown)
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + $$"""
            [assembly: OwnsDomain("Orders")]
            [assembly: OwnsDomain({{argument}})]
            [OwnedBy("Orders")] public sealed record Ship : ICommand;
            public sealed class ShipHandler : ICommandHandler<Ship> { public ValueTask HandleAsync(Ship c, CancellationToken t) => default; }
            """));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("WHIZ023", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            $"[assembly: OwnsDomain({shown})] names no domain; use the non-empty name the owned messages give in [OwnedBy], such as \"Orders\"",
            diagnostic.GetMessage());
        Assert.Equal($"OwnsDomain({argument})", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("s_ownedDomains = [\"Orders\"];", Registry(run), StringComparison.Ordinal);
    }

    [Fact]
    public void WHIZ022_CanBeSuppressedWithPragma()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Usings + """
            [assembly: OwnsDomain("Orders")]
            [OwnedBy("Inventory")] public sealed record ReserveStock : ICommand;
            #pragma warning disable WHIZ022 // kept for the day Orders takes stock over
            public sealed class ReserveStockHandler : ICommandHandler<ReserveStock> { public ValueTask HandleAsync(ReserveStock c, CancellationToken t) => default; }
            #pragma warning restore WHIZ022
            """));

        Assert.Contains(run.Diagnostics, d => d.Id == "WHIZ022");
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "WHIZ022" && !d.IsSuppressed);
    }

    [Fact]
    public void Registry_WithoutADeclaration_KeepsTheBaseClassesEmptyList()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(TestSources.OrdersApp));

        Assert.DoesNotContain("OwnedDomains", Registry(run), StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceApp_GeneratesARegistryListingItsDomains()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(Contracts, OrdersService, "[assembly: Whizbang.Messaging.OwnsDomain(\"Billing\")]"));

        Assert.Empty(run.Errors);
        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run, nameof(ServiceApp_GeneratesARegistryListingItsDomains));
    }

    [Fact]
    public async Task ServiceApp_OwnsItsDeclaredDomains_WithoutOwnCalls_AndOwnAddsToThem()
    {
        const string Entry = """
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Whizbang.Transport;

            public static class Entry
            {
                public static async Task<string> RunAsync()
                {
                    var declared = string.Join(",", Whizbang.Generated.ShopOrdersHandlerRegistry.Instance.OwnedDomains);
                    return $"{declared}|{await OwnedAsync(m => { })}|{await OwnedAsync(m => m.Own("Billing"))}";
                }

                private static async Task<string> OwnedAsync(System.Action<MessagingOptions> configure)
                {
                    await using var services = new ServiceCollection()
                        .AddWhizbang(b => b.UseInMemoryEventStore().UseMessaging(System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(), m =>
                        {
                            m.ServiceName = "orders";
                            configure(m);
                        }))
                        .BuildServiceProvider();
                    return string.Join(",", services.GetRequiredService<MessagingOptions>().OwnedDomains.Order(System.StringComparer.Ordinal));
                }
            }
            """;
        var run = GeneratorRun.Run(TestCompilation.Create("Shop.Orders", OutputKind.ConsoleApplication, null,
            TestCompilation.WithEntryPoint([Contracts, OrdersService, Entry])));
        Assert.Empty(run.Errors);

        var output = await GeneratedProgram.RunAsync(run.Output);

        Assert.Equal("Orders|Orders|Billing,Orders", output);
    }

    private static GeneratorRun RunWithContractsLibrary(params string[] service)
    {
        var contracts = TestCompilation.Library("Shop.Contracts", Contracts);
        var image = TestCompilation.Emit(GeneratorRun.Run(contracts).Output);
        return GeneratorRun.Run(TestCompilation.Create("Shop.Orders", OutputKind.ConsoleApplication,
            [MetadataReference.CreateFromImage(image)], TestCompilation.WithEntryPoint(service)));
    }

    private static string Registry(GeneratorRun run, string? domain = null)
        => run.GeneratedSources.Single(s => s.HintName.EndsWith(domain is null ? "HandlerRegistry.g.cs" : $"HandlerRegistry.{domain}.g.cs", StringComparison.Ordinal))
            .SourceText.ToString();
}
