using Microsoft.CodeAnalysis.Testing;
using Whizbang.Analyzers.Authorization;
using Whizbang.Analyzers.CodeFixes;
using Whizbang.Analyzers.Tests.Infrastructure;
using Verify = Whizbang.Analyzers.Tests.Infrastructure.WhizbangCodeFixTest<
    Whizbang.Analyzers.Authorization.PublicMessageWithPermissionAnalyzer,
    Whizbang.Analyzers.CodeFixes.RemovePublicMessageCodeFixProvider>;

namespace Whizbang.Analyzers.Tests.Authorization;

public sealed class RemovePublicMessageCodeFixTests
{
    [Fact]
    public async Task PublicMessageOnItsOwnLine_IsFixedBy_RemovingTheLineAndKeepingTheDocumentation()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop
            {
                /// <summary>Places an order.</summary>
                [{|WHIZ108:PublicMessage|}]
                [RequiresPermission("orders.place")]
                public sealed record PlaceOrder(string Sku) : ICommand;

                [RequiresPermission("orders.cancel")]
                [{|WHIZ108:PublicMessage|}] // anyone?
                public sealed record CancelOrder(string Id) : ICommand;
            }
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop
            {
                /// <summary>Places an order.</summary>
                [RequiresPermission("orders.place")]
                public sealed record PlaceOrder(string Sku) : ICommand;

                [RequiresPermission("orders.cancel")]
                public sealed record CancelOrder(string Id) : ICommand;
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task PublicMessageSharingAList_IsFixedBy_RemovingOnlyThatAttribute()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop;

            [{|WHIZ108:PublicMessage|}, RequiresPermission("orders.read")]
            public sealed record GetOrder(string Id) : IQuery<string>;

            [OwnedBy("Orders"), RequiresPermission("orders.ship"), {|WHIZ108:PublicMessageAttribute()|}]
            public sealed record ShipOrder(string Id) : ICommand;
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop;

            [RequiresPermission("orders.read")]
            public sealed record GetOrder(string Id) : IQuery<string>;

            [OwnedBy("Orders"), RequiresPermission("orders.ship")]
            public sealed record ShipOrder(string Id) : ICommand;
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task PublicMessageBeforeAnotherListOnTheSameLine_IsFixedBy_KeepingTheIndentation()
    {
        const string source = """
            using Whizbang.Messaging;

            namespace Shop
            {
                [{|WHIZ108:PublicMessage|}] [RequiresPermission("orders.place")] public sealed record PlaceOrder(string Sku) : ICommand;
            }
            """;
        const string fixedSource = """
            using Whizbang.Messaging;

            namespace Shop
            {
                [RequiresPermission("orders.place")] public sealed record PlaceOrder(string Sku) : ICommand;
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }
}
