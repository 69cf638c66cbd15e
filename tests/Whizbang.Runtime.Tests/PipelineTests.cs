using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Runtime.Tests;

public sealed class PipelineTests
{
    [Fact]
    public async Task Behaviors_RunInTheOrderAdded_AroundTheHandler()
    {
        await using var services = TestServices.Build(b => b.AddBehavior(new RecordingBehavior("outer")).AddBehavior(new RecordingBehavior("inner")));

        await services.GetRequiredService<IWhizbang>().Send(new Record("x"));

        Assert.Equal(["outer>", "inner>", "record x", "<inner", "<outer"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Behaviors_WrapAPublishOnce_NotEachHandler()
    {
        await using var services = TestServices.Build(b => b.AddBehavior(new RecordingBehavior("b")));

        await services.GetRequiredService<IWhizbang>().Publish(new Noticed("n"));

        Assert.Equal(["b>", "alpha n", "beta n", "<b"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Behavior_ThatDoesNotCallNext_StopsTheHandler()
    {
        await using var services = TestServices.Build(b => b.AddBehavior(new RecordingBehavior("gate", shortCircuit: true)));

        var result = await services.GetRequiredService<IWhizbang>().Send(new Add(1, 2));

        Assert.Equal(0, result);
        Assert.Equal(["gate>"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task AddingTheSameBehaviorTwice_RunsItOnce()
    {
        var behavior = new RecordingBehavior("once");
        await using var services = TestServices.Build(b => b.AddBehavior(behavior).AddBehavior(behavior));

        await services.GetRequiredService<IWhizbang>().Send(new Record("x"));

        Assert.Equal(["once>", "record x", "<once"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Context_CarriesAnEnvelope_AndNestedDispatchesAreCausedByTheOuterOne()
    {
        var behavior = new RecordingBehavior("b");
        await using var services = TestServices.Build(b => b.AddBehavior(behavior));

        await services.GetRequiredService<IWhizbang>().Send(new WhoAmINested());

        Assert.Equal(2, behavior.Seen.Count);
        var (outer, inner) = (behavior.Seen[0], behavior.Seen[1]);
        Assert.Equal("WhoAmINested", outer.Envelope.MessageName);
        Assert.Equal("Scopes", outer.Route.OwningDomain);
        Assert.Equal(outer.Envelope.MessageId, outer.Envelope.CorrelationId);
        Assert.Null(outer.Envelope.CausationId);
        Assert.Equal(7, outer.Envelope.MessageId.Version);
        Assert.Equal("WhoAmI", inner.Envelope.MessageName);
        Assert.Equal(outer.Envelope.CorrelationId, inner.Envelope.CorrelationId);
        Assert.Equal(outer.Envelope.MessageId, inner.Envelope.CausationId);
        Assert.Same(outer, inner.Parent);
        Assert.Same(outer.Services, inner.Services);
        Assert.Equal(MessageEnvelope.DefaultTenant, inner.Envelope.TenantId);
    }

    [Fact]
    public void PipelineNext_NotCreatedByTheDispatcher_RefusesToRun()
    {
        var next = default(PipelineNext<Record, Unit>);

        Assert.Throws<InvalidOperationException>(() => next.InvokeAsync(new Record("x"), null!, CancellationToken.None));
    }
}
