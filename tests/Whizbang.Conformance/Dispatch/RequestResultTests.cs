using Microsoft.Extensions.DependencyInjection;
using Whizbang.Dispatch;
using Whizbang.Hosting;
using Whizbang.Messaging;

namespace Whizbang.Conformance.Dispatch;

/// <summary>
/// The direct path of <c>Send&lt;TResult&gt;</c> and <c>Query&lt;TResult&gt;</c> reads no handle of TResult: it trusts a route whose
/// message type declares one request interface (<see cref="RequestInterfaces"/>). These tests hold that trust to what it
/// rests on, with routes written by hand (this project does not run the generator, which would refuse some of these
/// messages).
/// </summary>
public sealed class RequestResultTests
{
    [Fact]
    public void DeclaresOnly_OneRequestInterface_OfTheRoutesKindAndResult()
    {
        Assert.True(RequestInterfaces.DeclaresOnly(typeof(Double), MessageKind.CommandWithResult, typeof(int)));
        Assert.True(RequestInterfaces.DeclaresOnly(typeof(Lookup), MessageKind.Query, typeof(string)));
    }

    [Fact]
    public void DeclaresOnly_AnotherKindOrResult_IsRefused()
    {
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(Double), MessageKind.Query, typeof(int)));
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(Double), MessageKind.CommandWithResult, typeof(long)));
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(Lookup), MessageKind.CommandWithResult, typeof(string)));
    }

    [Fact]
    public void DeclaresOnly_TwoRequestInterfaces_IsRefusedWhicheverTheRouteTakes()
    {
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(TwoResults), MessageKind.CommandWithResult, typeof(int)));
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(TwoResults), MessageKind.CommandWithResult, typeof(string)));
        Assert.False(RequestInterfaces.DeclaresOnly(typeof(CommandAndQuery), MessageKind.Query, typeof(int)));
    }

    [Fact]
    public async Task SingletonHandlers_TheRoutesRunDirect()
    {
        await using var services = Build();

        Assert.Equal(42, await services.GetRequiredService<IWhizbang>().Send(new Double(21)));
        Assert.Equal("found 7", await services.GetRequiredService<IWhizbang>().Query(new Lookup(7)));
        Assert.Equal(MessageKind.CommandWithResult, Registry.RouteOf<Double>(services).DirectKind);
        Assert.Equal(MessageKind.Query, Registry.RouteOf<Lookup>(services).DirectKind);
    }

    [Fact]
    public async Task TwoRequestInterfaces_TheRouteDoesNotRunDirect_AndItsResultTypeIsStillChecked()
    {
        await using var services = Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        Assert.Equal(5, await whizbang.Send<int>(new TwoResults(5)));
        Assert.Null(Registry.RouteOf<TwoResults>(services).DirectKind);
        // The route answers with an int: a Send for its other result type has no handler, rather than a wrong cast.
        await Assert.ThrowsAsync<NoHandlerException>(async () => await whizbang.Send<string>(new TwoResults(5)));
    }

    [Fact]
    public async Task CommandAndQuery_TheRouteIsAQuery_ASendOfItFindsNoHandler()
    {
        await using var services = Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        Assert.Equal(3, await whizbang.Query<int>(new CommandAndQuery(3)));
        await Assert.ThrowsAsync<NoHandlerException>(async () => await whizbang.Send<int>(new CommandAndQuery(3)));
    }

    private static ServiceProvider Build()
        => new ServiceCollection().AddWhizbang(new Registry(), b => b.UseHandlerLifetime(ServiceLifetime.Singleton)).BuildServiceProvider();

    private sealed record Double(int Value) : ICommand<int>;

    private sealed record Lookup(int Id) : IQuery<string>;

    private sealed record TwoResults(int Value) : ICommand<int>, ICommand<string>;

    private sealed record CommandAndQuery(int Value) : ICommand<int>, IQuery<int>;

    private sealed class Handlers
        : ICommandHandler<Double, int>, IQueryHandler<Lookup, string>, ICommandHandler<TwoResults, int>, IQueryHandler<CommandAndQuery, int>
    {
        public ValueTask<int> HandleAsync(Double command, CancellationToken cancellationToken) => new(command.Value * 2);

        public ValueTask<string> HandleAsync(Lookup query, CancellationToken cancellationToken) => new($"found {query.Id}");

        public ValueTask<int> HandleAsync(TwoResults command, CancellationToken cancellationToken) => new(command.Value);

        public ValueTask<int> HandleAsync(CommandAndQuery query, CancellationToken cancellationToken) => new(query.Value);
    }

    /// <summary>What the generator would emit for these messages, written by hand.</summary>
    private sealed class Registry : HandlerRegistry
    {
        public override IReadOnlyList<MessageDescriptor> Messages => [];

        public static MessageRoute RouteOf<TMessage>(IServiceProvider services)
            => ((WhizbangDispatcher)services.GetRequiredService<IWhizbang>()).Routes.Single(r => r.MessageType == typeof(TMessage));

        public override void AddHandlers(IServiceCollection services, ServiceLifetime defaultLifetime)
            => AddHandler(services, typeof(Handlers), defaultLifetime);

        public override IReadOnlyList<MessageRoute> CreateRoutes(ServiceLifetime defaultLifetime)
        {
            var handler = new HandlerDescriptor(typeof(Handlers), defaultLifetime);
            return
            [
                new Route<Double, int>(MessageKind.CommandWithResult, handler, (h, m, ct) => h.HandleAsync(m, ct)),
                new Route<Lookup, string>(MessageKind.Query, handler, (h, m, ct) => h.HandleAsync(m, ct)),
                new Route<TwoResults, int>(MessageKind.CommandWithResult, handler, (h, m, ct) => h.HandleAsync(m, ct)),
                new Route<CommandAndQuery, int>(MessageKind.Query, handler, (h, m, ct) => h.HandleAsync(m, ct)),
            ];
        }
    }

    private sealed class Route<TRequest, TResult>(
        MessageKind kind, HandlerDescriptor handler, Func<Handlers, TRequest, CancellationToken, ValueTask<TResult>> call)
        : RequestRoute<TRequest, TResult>(typeof(TRequest).Name, kind, owningDomain: null, handler)
        where TRequest : notnull
    {
        protected override ValueTask<TResult> HandleAsync(TRequest request, IServiceProvider services, CancellationToken cancellationToken)
            => call(Handler<Handlers>(0, services), request, cancellationToken);

        protected override ValueTask<TResult> HandleMessageAsync(object request, IServiceProvider services, CancellationToken cancellationToken)
            => HandleAsync((TRequest)request, services, cancellationToken);
    }
}
