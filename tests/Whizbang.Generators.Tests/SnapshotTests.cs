using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public void OrdersApp_GeneratesRegistryAndOneFilePerDomain()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(TestSources.OrdersApp));

        Assert.Empty(run.Errors);
        Assert.Equal(
            ["TestAppHandlerRegistry.Billing.g.cs", "TestAppHandlerRegistry.Orders.g.cs", "TestAppHandlerRegistry.Unowned.g.cs", "TestAppHandlerRegistry.g.cs"],
            run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Snapshot.Match(run, nameof(OrdersApp_GeneratesRegistryAndOneFilePerDomain));
    }

    [Fact]
    public void AggregatesApp_CompletesEachAggregateAndRegistersItsRepository()
    {
        var run = GeneratorRun.Run(TestCompilation.Application(TestSources.AggregatesApp));

        Assert.Empty(run.Errors);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            [
                "Shop.Sales.Catalog+Product.Aggregate.g.cs", "Shop.Sales.Order.Aggregate.g.cs", "Shop.Sales.ShoppingCart.Aggregate.g.cs",
                "TestAppHandlerRegistry.g.cs",
            ],
            run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Snapshot.Match(run, nameof(AggregatesApp_CompletesEachAggregateAndRegistersItsRepository));
    }

    [Fact]
    public void Output_IsIdenticalWhateverTheOrderOfDeclarations()
    {
        var parts = TestSources.OrdersApp.Split("\n\n");
        var reversed = string.Join("\n\n", parts.Take(2).Concat(parts.Skip(2).Reverse())); // usings and namespace stay first

        var first = GeneratorRun.Run(TestCompilation.Application(TestSources.OrdersApp));
        var second = GeneratorRun.Run(TestCompilation.Application(reversed));

        Assert.Empty(second.Errors);
        Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Library_GetsDiagnosticsButNoRegistry()
    {
        var run = GeneratorRun.Run(TestCompilation.Library("Shop.Contracts", TestSources.OrdersApp));

        Assert.Empty(run.Errors);
        Assert.Empty(run.GeneratedSources);
    }
}
