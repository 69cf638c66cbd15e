using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Tenancy;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Tenancy.CrossTenantCallAnalyzer>;

namespace Whizbang.Analyzers.Tests.Tenancy;

public sealed class CrossTenantCallAnalyzerTests
{
    /// <summary>An aggregate, a document and messages the snippets use; appended to every source.</summary>
    private const string Model = """

        public sealed class Order : Aggregate
        {
            protected override void ApplyEvent(IEvent @event)
            {
            }
        }

        public sealed record OrderView(string Id);

        [RequiresPermission("reports.run"), CrossTenant("monthly revenue report")]
        public sealed record RunRevenueReport : ICommand<decimal>;

        [RequiresPermission("orders.place")]
        public sealed record PlaceOrder(string Sku) : ICommand;
        """;

    private static string Source(string code) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Whizbang.EventSourcing.Aggregates;
        using Whizbang.Messaging;
        using Whizbang.Projections;
        using Whizbang.Tenancy;

        namespace Shop;

        {{code}}
        {{Model}}
        """;

    private static DiagnosticResult Whiz105(int location, string member) =>
        new DiagnosticResult(WhizbangAnalyzerDiagnostics.CrossTenantCallOutsideScope).WithLocation(location).WithArguments(member);

    [Fact]
    public async Task RepositoryForTenant_OutsideAnyScope_ReportsWhiz105OnTheCallNamingTheMember()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public ValueTask<Order?> LoadFromAsync(string tenant, string id) => {|#0:orders.ForTenant(tenant)|}.LoadAsync(id);
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task ProjectionStoreForTenant_OutsideAnyScope_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderViews(IProjectionStore<OrderView> views)
            {
                public ValueTask<OrderView?> LoadAsync(string tenant, string id) => {|#0:views.ForTenant(tenant)|}.LoadAsync(id);
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IProjectionStore<OrderView>.ForTenant(string)"));
    }

    [Fact]
    public async Task ForTenant_UsedAsMethodGroup_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderViews(IProjectionStore<OrderView> views)
            {
                public Func<string, IProjectionStore<OrderView>> PerTenant() => {|WHIZ105:views.ForTenant|};
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ForTenant_CalledThroughAClassImplementingTheInterface_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class CachedViews(IProjectionStore<OrderView> inner) : IProjectionStore<OrderView>
            {
                public string Tenant => inner.Tenant;

                public ValueTask<OrderView?> LoadAsync(string id, CancellationToken cancellationToken = default) => inner.LoadAsync(id, cancellationToken);

                public ValueTask<Whizbang.Projections.DocumentPage<OrderView>> QueryAsync(Whizbang.Projections.DocumentQuery query, CancellationToken cancellationToken = default) =>
                    inner.QueryAsync(query, cancellationToken);

                public IProjectionStore<OrderView> ForTenant(string tenant) => new CachedViews({|#0:inner.ForTenant(tenant)|});
            }

            public static class Reports
            {
                public static IProjectionStore<OrderView> Other(CachedViews views) => {|#1:views.ForTenant("globex")|};
            }
            """);

        await Verify.VerifyAsync(
            source,
            Whiz105(0, "IProjectionStore<OrderView>.ForTenant(string)"),
            Whiz105(1, "CachedViews.ForTenant(string)"));
    }

    [Fact]
    public async Task ApplicationMethodMarkedTenantAgnostic_CalledOutsideAnyScope_ReportsWhiz105()
    {
        var source = Source("""
            public interface ITenantDirectory
            {
                [TenantAgnostic]
                string[] AllTenants();
            }

            public class Billing
            {
                [TenantAgnostic]
                public virtual int CountInvoicesEverywhere() => 0;
            }

            public sealed class CachedBilling : Billing
            {
                public override int CountInvoicesEverywhere() => 1;
            }

            public sealed class Dashboard(ITenantDirectory directory, CachedBilling billing)
            {
                public int Show() => {|#0:directory.AllTenants()|}.Length + {|#1:billing.CountInvoicesEverywhere()|};
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "ITenantDirectory.AllTenants()"), Whiz105(1, "CachedBilling.CountInvoicesEverywhere()"));
    }

    [Fact]
    public async Task GrantBegunAfterTheCall_DoesNotCountAsAScope_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public async Task CopyAsync(string tenant, string id)
                {
                    var order = await {|#0:orders.ForTenant(tenant)|}.LoadAsync(id);
                    using var grant = CrossTenantAccess.Begin("copy an order between tenants");
                    using (CrossTenantAccess.Begin("copy an order between tenants"))
                    {
                    }
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task GrantClosedBeforeTheCall_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public IRepository<Order> Other(string tenant)
                {
                    using (CrossTenantAccess.Begin("copy an order between tenants"))
                    {
                    }

                    {
                        using var grant = CrossTenantAccess.Begin("copy an order between tenants");
                    }

                    return {|#0:orders.ForTenant(tenant)|};
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task GrantNotInAUsing_OrAUsingOfSomethingElse_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public IRepository<Order> Other(string tenant)
                {
                    var grant = CrossTenantAccess.Begin("copy an order between tenants");
                    try
                    {
                        using (new System.IO.MemoryStream())
                        {
                            return {|#0:orders.ForTenant(tenant)|};
                        }
                    }
                    finally
                    {
                        grant.Dispose();
                    }
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task CallInTheGrantsOwnArguments_RunsBeforeTheGrant_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public void Copy()
                {
                    using (CrossTenantAccess.Begin({|#0:orders.ForTenant("globex")|}.Tenant))
                    {
                    }
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task CallInALambdaOrLocalFunction_UnderAGrantOfTheEnclosingMethod_ReportsWhiz105()
    {
        // The lambda may run after the grant is disposed: only a grant inside it covers it.
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public Func<IRepository<Order>> Later(string tenant)
                {
                    using var grant = CrossTenantAccess.Begin("copy an order between tenants");
                    IRepository<Order> Local() => {|#1:orders.ForTenant(tenant)|};
                    _ = Local();
                    return () => {|#0:orders.ForTenant(tenant)|};
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"), Whiz105(1, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task HandlerOfTenantScopedMessage_CallingForTenant_ReportsWhiz105()
    {
        var source = Source("""
            public sealed class PlaceOrderHandler(IRepository<Order> orders) : ICommandHandler<PlaceOrder>
            {
                public async ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken)
                {
                    _ = await {|#0:orders.ForTenant("globex")|}.LoadAsync(command.Sku, cancellationToken);
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "IRepository<Order>.ForTenant(string)"));
    }

    [Fact]
    public async Task UsingStatementOfGrant_EnclosingTheCall_ReportsNothing()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders, IProjectionStore<OrderView> views)
            {
                public async Task CopyAsync(string from, string to, string id)
                {
                    using (CrossTenantAccess.Begin("copy an order between tenants"))
                    {
                        var order = await orders.ForTenant(from).LoadAsync(id);
                        if (order is not null)
                        {
                            foreach (var tenant in new[] { to })
                            {
                                _ = orders.ForTenant(tenant).Create(order.Id);
                            }
                        }
                    }

                    using (var grant = CrossTenantAccess.Begin("read a view of another tenant"))
                        _ = await views.ForTenant(to).LoadAsync(id);

                    using (new System.IO.MemoryStream())
                    using (Whizbang.Tenancy.CrossTenantAccess.Begin("stacked usings"))
                    {
                        Func<string, IProjectionStore<OrderView>> perTenant = views.ForTenant;
                    }
                }
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task UsingDeclarationOfGrant_BeforeTheCallInAnEnclosingBlock_ReportsNothing()
    {
        var source = Source("""
            public sealed class OrderCopier(IRepository<Order> orders)
            {
                public async Task CopyAsync(string from, string id, bool copy)
                {
                    using var grant = CrossTenantAccess.Begin("copy an order between tenants");
                    if (copy)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            _ = await orders.ForTenant(from).LoadAsync(id);
                        }
                    }
                }

                public Func<string, IRepository<Order>> Later() => tenant =>
                {
                    using var grant = CrossTenantAccess.Begin("the lambda holds its own grant");
                    return orders.ForTenant(tenant);
                };

                public IRepository<Order> WithLocalFunction(string tenant)
                {
                    return Local();

                    IRepository<Order> Local()
                    {
                        using var grant = CrossTenantAccess.Begin("the local function holds its own grant");
                        return orders.ForTenant(tenant);
                    }
                }
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TopLevelStatements_UnderAUsingDeclarationOfGrant_ReportNothing()
    {
        const string source = """
            using Whizbang.Projections;
            using Whizbang.Tenancy;

            IProjectionStore<OrderView> views = null!;
            {|#0:views.ForTenant("acme")|};
            using var grant = CrossTenantAccess.Begin("one-off migration");
            _ = views.ForTenant("globex");

            public sealed record OrderView(string Id);
            """;

        var test = new Verify { TestCode = source };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Whiz105(0, "IProjectionStore<OrderView>.ForTenant(string)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task HandlersOfCrossTenantMessages_CallingForTenant_ReportNothing()
    {
        var source = Source("""
            public sealed class RunRevenueReportHandler(IRepository<Order> orders) : ICommandHandler<RunRevenueReport, decimal>
            {
                public async ValueTask<decimal> HandleAsync(RunRevenueReport command, CancellationToken cancellationToken)
                {
                    var total = 0m;
                    foreach (var tenant in new[] { "acme", "globex" })
                    {
                        total += (await orders.ForTenant(tenant).LoadAsync("o1", cancellationToken))?.Version ?? 0;
                    }

                    return total;
                }

                private IRepository<Order> Helper(string tenant) => orders.ForTenant(tenant);
            }

            [PublicMessage, CrossTenant("tenant directory")]
            public sealed record ListTenants : IQuery<string[]>;

            public sealed class ListTenantsHandler(IProjectionStore<OrderView> views) : IQueryHandler<ListTenants, string[]>
            {
                public ValueTask<string[]> HandleAsync(ListTenants query, CancellationToken cancellationToken) =>
                    ValueTask.FromResult(new[] { views.ForTenant("acme").Tenant });
            }

            [CrossTenant("replicated to every tenant")]
            public sealed record PriceListPublished(string Id) : IEvent;

            public sealed class PriceListReplicator(IProjectionStore<OrderView> views) : IEventHandler<PriceListPublished>
            {
                public ValueTask HandleAsync(PriceListPublished @event, CancellationToken cancellationToken)
                {
                    _ = views.ForTenant("globex");
                    return ValueTask.CompletedTask;
                }
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MethodsAndTypesMarkedTenantAgnostic_CallingForTenant_ReportNothingButAreCrossTenantApisThemselves()
    {
        // A marked method is a cross-tenant API in turn: the call to the marked local function is reported.
        var source = Source("""
            public sealed class Migrations(IRepository<Order> orders)
            {
                [TenantAgnostic]
                public IRepository<Order> For(string tenant) => orders.ForTenant(tenant);

                [TenantAgnostic]
                public Func<string, IRepository<Order>> Factory() => tenant => orders.ForTenant(tenant);

                public IRepository<Order> WithMarkedLocalFunction(string tenant)
                {
                    return {|#0:Local()|};

                    [TenantAgnostic]
                    IRepository<Order> Local() => orders.ForTenant(tenant);
                }

                public Func<string, IRepository<Order>> WithMarkedLambda() => [TenantAgnostic] (string tenant) => orders.ForTenant(tenant);
            }

            [TenantAgnostic]
            public sealed class TenantCopier(IProjectionStore<OrderView> views)
            {
                public IProjectionStore<OrderView> For(string tenant) => views.ForTenant(tenant);

                private sealed class Nested(IProjectionStore<OrderView> views)
                {
                    public IProjectionStore<OrderView> For(string tenant) => views.ForTenant(tenant);
                }
            }
            """);

        await Verify.VerifyAsync(source, Whiz105(0, "Local()"));
    }

    [Fact]
    public async Task UnmarkedMembers_AndNameOf_ReportNothing()
    {
        var source = Source("""
            public sealed class OrderReader(IRepository<Order> orders, IProjectionStore<OrderView> views)
            {
                public async Task<string> ReadAsync(string id)
                {
                    var order = await orders.LoadAsync(id);
                    var view = await views.LoadAsync(id);
                    return orders.Tenant + views.Tenant + nameof(orders.ForTenant) + order?.Id + view?.Id;
                }
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeAttribute_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<CrossTenantCallAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Whizbang.Tenancy
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class TenantAgnosticAttribute : System.Attribute;
            }

            namespace Shop
            {
                public sealed class Directory
                {
                    [Whizbang.Tenancy.TenantAgnostic]
                    public string[] AllTenants() => [];

                    public int Count() => AllTenants().Length;
                }
            }
            """;

        await test.RunAsync();
    }
}
