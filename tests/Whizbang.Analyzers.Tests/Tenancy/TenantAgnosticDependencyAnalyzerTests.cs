using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Tenancy;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangAnalyzerTest<Whizbang.Analyzers.Tenancy.TenantAgnosticDependencyAnalyzer>;

namespace Whizbang.Analyzers.Tests.Tenancy;

public sealed class TenantAgnosticDependencyAnalyzerTests
{
    /// <summary>Messages the snippets handle; appended to every source.</summary>
    private const string Messages = """

        [RequiresPermission("orders.place")]
        public sealed record PlaceOrder(string Sku) : ICommand;

        [RequiresPermission("orders.create")]
        public sealed record CreateOrder(string Sku) : ICommand<string>;

        [RequiresPermission("orders.read")]
        public sealed record GetOrder(string Id) : IQuery<string>;

        public sealed record OrderPlaced(string Id) : IEvent;

        [RequiresPermission("reports.run"), CrossTenant("monthly revenue report")]
        public sealed record RunRevenueReport : ICommand<decimal>;

        [CrossTenant("replicated to every tenant")]
        public sealed record PriceListPublished(string Id) : IEvent;
        """;

    private static string Source(string code) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Whizbang.EventSourcing;
        using Whizbang.Messaging;
        using Whizbang.Projections;
        using Whizbang.Projections.Storage;
        using Whizbang.Tenancy;

        namespace Shop;

        {{code}}
        {{Messages}}
        """;

    private static DiagnosticResult Whiz106(int location, string handler, string message, string service) =>
        new DiagnosticResult(WhizbangAnalyzerDiagnostics.TenantAgnosticHandlerDependency).WithLocation(location).WithArguments(handler, message, service);

    [Fact]
    public async Task CommandHandler_TakingIEventStore_ReportsWhiz106OnTheParameterNamingHandlerMessageAndService()
    {
        var source = Source("""
            public sealed class PlaceOrderHandler : ICommandHandler<PlaceOrder>
            {
                private readonly IEventStore _store;

                public PlaceOrderHandler(IEventStore {|#0:store|}) => _store = store;

                public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source, Whiz106(0, "Shop.PlaceOrderHandler", "Shop.PlaceOrder", "IEventStore"));
    }

    [Fact]
    public async Task HandlersOfEveryKind_TakingBuiltInTenantAgnosticServicesInPrimaryConstructors_ReportWhiz106()
    {
        var source = Source("""
            public sealed class CreateOrderHandler(IProjectionStorage {|#0:storage|}) : ICommandHandler<CreateOrder, string>
            {
                public ValueTask<string> HandleAsync(CreateOrder command, CancellationToken cancellationToken) => ValueTask.FromResult(command.Sku);
            }

            public sealed class GetOrderHandler(IProjectionManager {|#1:projections|}, string name) : IQueryHandler<GetOrder, string>
            {
                public ValueTask<string> HandleAsync(GetOrder query, CancellationToken cancellationToken) => ValueTask.FromResult(name);
            }

            public sealed record OrderPlacedMailer(IEventStore {|#2:Store|}) : IEventHandler<OrderPlaced>
            {
                public ValueTask HandleAsync(OrderPlaced @event, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(
            source,
            Whiz106(0, "Shop.CreateOrderHandler", "Shop.CreateOrder", "IProjectionStorage"),
            Whiz106(1, "Shop.GetOrderHandler", "Shop.GetOrder", "IProjectionManager"),
            Whiz106(2, "Shop.OrderPlacedMailer", "Shop.OrderPlaced", "IEventStore"));
    }

    [Fact]
    public async Task Handler_TakingAnApplicationTypeMarkedTenantAgnostic_OrOneImplementingAMarkedInterface_ReportsWhiz106()
    {
        var source = Source("""
            [TenantAgnostic]
            public interface ITenantDirectory
            {
                string[] All();
            }

            public sealed class SqlTenantDirectory : ITenantDirectory
            {
                public string[] All() => [];
            }

            [TenantAgnostic]
            public class Warehouse;

            public sealed class CentralWarehouse : Warehouse;

            public sealed class PlaceOrderHandler(ITenantDirectory {|#0:directory|}, SqlTenantDirectory {|#1:sql|}, CentralWarehouse {|#2:warehouse|})
                : ICommandHandler<PlaceOrder>
            {
                public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(
            source,
            Whiz106(0, "Shop.PlaceOrderHandler", "Shop.PlaceOrder", "ITenantDirectory"),
            Whiz106(1, "Shop.PlaceOrderHandler", "Shop.PlaceOrder", "SqlTenantDirectory"),
            Whiz106(2, "Shop.PlaceOrderHandler", "Shop.PlaceOrder", "CentralWarehouse"));
    }

    [Fact]
    public async Task HandlerOfACrossTenantAndATenantScopedMessage_ReportsWhiz106NamingTheTenantScopedOne()
    {
        var source = Source("""
            public sealed class Reporting(IEventStore {|#0:store|}) : ICommandHandler<RunRevenueReport, decimal>, IEventHandler<OrderPlaced>
            {
                public ValueTask<decimal> HandleAsync(RunRevenueReport command, CancellationToken cancellationToken) => ValueTask.FromResult(0m);

                public ValueTask HandleAsync(OrderPlaced @event, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source, Whiz106(0, "Shop.Reporting", "Shop.OrderPlaced", "IEventStore"));
    }

    [Fact]
    public async Task HandlerDerivedFromAGenericBase_TakingIEventStore_ReportsWhiz106OnEachConstructorThatTakesIt()
    {
        var source = Source("""
            public abstract class HandlerBase<TCommand>(IEventStore store) : ICommandHandler<TCommand>
                where TCommand : ICommand
            {
                protected IEventStore Store { get; } = store;

                public abstract ValueTask HandleAsync(TCommand command, CancellationToken cancellationToken);
            }

            public sealed class PlaceOrderHandler : HandlerBase<PlaceOrder>
            {
                public PlaceOrderHandler(IEventStore {|WHIZ106:store|})
                    : base(store)
                {
                }

                public PlaceOrderHandler(IEventStore {|WHIZ106:store|}, int retries)
                    : this(store)
                {
                }

                public override ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HandlersOfCrossTenantMessages_TakingTenantAgnosticServices_ReportNothing()
    {
        var source = Source("""
            public sealed class RunRevenueReportHandler(IEventStore store, IProjectionManager projections) : ICommandHandler<RunRevenueReport, decimal>
            {
                public ValueTask<decimal> HandleAsync(RunRevenueReport command, CancellationToken cancellationToken) => ValueTask.FromResult(0m);
            }

            public sealed class PriceListReplicator(IProjectionStorage storage) : IEventHandler<PriceListPublished>
            {
                public ValueTask HandleAsync(PriceListPublished @event, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TenantScopedHandlers_TakingTenantScopedServices_ReportNothing()
    {
        var source = Source("""
            public sealed class Order : Whizbang.EventSourcing.Aggregates.Aggregate
            {
                protected override void ApplyEvent(IEvent @event)
                {
                }
            }

            public sealed record OrderView(string Id);

            public sealed class PlaceOrderHandler(
                Whizbang.EventSourcing.Aggregates.IRepository<Order> orders,
                IProjectionStore<OrderView> views,
                IWhizbang whizbang,
                System.IServiceProvider services,
                System.Lazy<IEventStore> lazyStoreIsNotLookedInto)
                : ICommandHandler<PlaceOrder>
            {
                public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NonHandlerClasses_TakingTenantAgnosticServices_ReportNothing()
    {
        var source = Source("""
            public sealed class RevenueReportJob(IEventStore store, IProjectionManager projections)
            {
                public ValueTask RunAsync(CancellationToken cancellationToken) => projections.CatchUpAsync(cancellationToken);
            }

            public sealed class NotAHandler(IEventStore store) : System.IDisposable
            {
                public void Dispose()
                {
                }

                public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HandlerMethodsTakingTenantAgnosticServices_AreNotConstructorParameters_ReportNothing()
    {
        var source = Source("""
            public sealed class PlaceOrderHandler : ICommandHandler<PlaceOrder>
            {
                public ValueTask HandleAsync(PlaceOrder command, CancellationToken cancellationToken) => ValueTask.CompletedTask;

                public static void Helper(IEventStore store)
                {
                }
            }
            """);

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CompilationWithoutWhizbang_WithLookalikeTypes_ReportsNothing()
    {
        var test = WhizbangAnalyzerTest<TenantAgnosticDependencyAnalyzer>.WithoutWhizbangReference();
        test.TestCode = """
            namespace Whizbang.Tenancy
            {
                [System.AttributeUsage(System.AttributeTargets.Interface)]
                public sealed class TenantAgnosticAttribute : System.Attribute;
            }

            namespace Shop
            {
                public interface ICommandHandler<TCommand>;

                [Whizbang.Tenancy.TenantAgnostic]
                public interface IEventStore;

                public sealed record PlaceOrder;

                public sealed class PlaceOrderHandler(IEventStore store) : ICommandHandler<PlaceOrder>;
            }
            """;

        await test.RunAsync();
    }
}
