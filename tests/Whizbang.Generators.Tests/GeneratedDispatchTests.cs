using Microsoft.CodeAnalysis;
using Whizbang.Generators.Tests.Infrastructure;

namespace Whizbang.Generators.Tests;

/// <summary>The generated registry compiled and run: handlers found in this project and in referenced libraries.</summary>
public sealed class GeneratedDispatchTests
{
    private const string Library = """
        using System.Threading;
        using System.Threading.Tasks;
        using Whizbang.Messaging;

        namespace Shop.Contracts;

        [OwnedBy("Pricing")] public sealed record Quote(int Quantity) : IQuery<decimal>;
        [OwnedBy("Pricing")] public sealed record PriceChanged(decimal Price) : IEvent;
        [OwnedBy("Pricing")] public sealed record Unhandled : ICommand;

        public sealed class QuoteHandler : IQueryHandler<Quote, decimal>
        {
            public ValueTask<decimal> HandleAsync(Quote query, CancellationToken cancellationToken) => new(query.Quantity * 2.5m);
        }

        public sealed class PriceLog : IEventHandler<PriceChanged>
        {
            public static int Seen;
            public ValueTask HandleAsync(PriceChanged @event, CancellationToken cancellationToken) { Interlocked.Increment(ref Seen); return default; }
        }

        internal sealed class HiddenHandler : IEventHandler<PriceChanged>
        {
            public ValueTask HandleAsync(PriceChanged @event, CancellationToken cancellationToken) => default;
        }
        """;

    private const string Application = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Whizbang.Dispatch;
        using Whizbang.Messaging;
        using Shop.Contracts;

        [OwnedBy("Orders")] public sealed record Order(int Quantity) : ICommand<string>;

        public sealed class OrderHandler(IWhizbang whizbang) : ICommandHandler<Order, string>
        {
            public async ValueTask<string> HandleAsync(Order command, CancellationToken cancellationToken)
            {
                var price = await whizbang.Query(new Quote(command.Quantity), cancellationToken);
                await whizbang.Publish(new PriceChanged(price), cancellationToken);
                return $"{command.Quantity} for {price}";
            }
        }

        public static class Entry
        {
            public static async Task<string> RunAsync()
            {
                await using var services = new ServiceCollection().AddWhizbang().BuildServiceProvider(validateScopes: true);
                var whizbang = services.GetRequiredService<IWhizbang>();
                var result = await whizbang.Send(new Order(4));
                var catalog = services.GetRequiredService<IMessageCatalog>();
                var owners = string.Join(",", catalog.Messages.Select(m => $"{m.Name}@{m.OwningDomain}"));
                return $"{result}|seen={PriceLog.Seen}|{owners}";
            }
        }
        """;

    [Fact]
    public async Task HandlersOfAReferencedLibrary_AreFoundAndDispatched()
    {
        var library = GeneratorRun.Run(TestCompilation.Library("Shop.Contracts", Library));
        Assert.Empty(library.Errors);
        var libraryImage = TestCompilation.Emit(library.Output);

        var app = TestCompilation.Create("Shop.App", OutputKind.ConsoleApplication, [MetadataReference.CreateFromImage(libraryImage)],
            TestCompilation.WithEntryPoint([Application, "global using System.Linq;"]));
        var run = GeneratorRun.Run(app);

        Assert.Empty(run.Errors);
        Assert.Equal("WHIZ001", Assert.Single(run.Diagnostics).Id); // Unhandled, from the library, has no handler anywhere
        var registry = run.GeneratedSources.Single(s => s.HintName == "ShopAppHandlerRegistry.Pricing.g.cs").SourceText.ToString();
        Assert.Contains("global::Shop.Contracts.QuoteHandler", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("HiddenHandler", registry, StringComparison.Ordinal); // internal to the library: not callable

        var output = await GeneratedProgram.RunAsync(run.Output, ("Shop.Contracts", libraryImage));

        Assert.Equal("4 for 10.0|seen=1|Order@Orders,PriceChanged@Pricing,Quote@Pricing,Unhandled@Pricing", output);
    }
}
