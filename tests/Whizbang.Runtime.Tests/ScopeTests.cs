using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

public sealed class ScopeTests
{
    [Fact]
    public async Task ScopedHandler_EachDispatchRunsInItsOwnScope_DisposedAfterwards()
    {
        await using var services = TestServices.Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        var first = await whizbang.Send(new WhoAmI());
        var second = await whizbang.Send(new WhoAmI());

        Assert.NotEqual(first, second);
        Assert.Equal([$"disposed {first}", $"disposed {second}"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task NestedDispatch_FromInsideAHandler_SharesTheOuterScope()
    {
        await using var services = TestServices.Build();

        var (outer, inner) = await services.GetRequiredService<IWhizbang>().Send(new WhoAmINested());

        Assert.Equal(outer, inner);
        Assert.Equal([$"disposed {outer}"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task SingletonHandler_IsCreatedOncePerContainer()
    {
        await using var services = TestServices.Build();
        var whizbang = services.GetRequiredService<IWhizbang>();

        var first = await whizbang.Send(new CountSingleton());
        var second = await whizbang.Send(new CountSingleton());

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task SingletonHandlers_AreNotSharedBetweenContainers()
    {
        await using var one = TestServices.Build();
        await using var two = TestServices.Build();

        var first = await one.GetRequiredService<IWhizbang>().Send(new CountSingleton());
        var second = await two.GetRequiredService<IWhizbang>().Send(new CountSingleton());

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void DefaultHandlerLifetime_IsScoped_AndConfigurable_WhileHandlerLifetimeAttributeWins()
    {
        var scoped = new ServiceCollection().AddWhizbang();
        var transient = new ServiceCollection().AddWhizbang(b => b.UseHandlerLifetime(ServiceLifetime.Transient));

        Assert.Equal(ServiceLifetime.Scoped, scoped.Single(d => d.ServiceType == typeof(ScopeHandlers)).Lifetime);
        Assert.Equal(ServiceLifetime.Transient, transient.Single(d => d.ServiceType == typeof(ScopeHandlers)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, transient.Single(d => d.ServiceType == typeof(SingletonCounter)).Lifetime);
    }
}
