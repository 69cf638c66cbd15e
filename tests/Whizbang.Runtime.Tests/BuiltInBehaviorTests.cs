using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;
using Whizbang.Pipeline;
using Whizbang.Pipeline.Authorization;
using Whizbang.Pipeline.Idempotence;
using Whizbang.Pipeline.Validation;

namespace Whizbang.Runtime.Tests;

public sealed class BuiltInBehaviorTests
{
    private sealed class PositiveAmounts : IMessageValidator<Add>
    {
        public ValueTask ValidateAsync(Add message, ValidationFailures failures, CancellationToken cancellationToken)
        {
            if (message.Left < 0)
            {
                failures.Add(nameof(message.Left), "must not be negative");
            }

            if (message.Right < 0)
            {
                failures.Add(nameof(message.Right), "must not be negative");
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class OnlyAdmins(Probe probe) : IMessageAuthorizer
    {
        public ValueTask<string?> AuthorizeAsync(object message, DispatchContext context, CancellationToken cancellationToken)
        {
            probe.Write($"authorize {context.Route.MessageName}");
            return ValueTask.FromResult(message is Record { Text: "admin" } ? null : "only admins may record");
        }
    }

    [Fact]
    public async Task Validation_InvalidMessage_ThrowsWithEveryFailure_AndRunsNoHandler()
    {
        await using var services = TestServices.Build(b => b.UseValidation(), s => s.AddSingleton<IMessageValidator<Add>, PositiveAmounts>());
        var whizbang = services.GetRequiredService<IWhizbang>();

        var error = await Assert.ThrowsAsync<MessageValidationException>(async () => await whizbang.Send(new Add(-1, -2)));

        Assert.Equal("Add", error.MessageName);
        Assert.Equal([new ValidationFailure("Left", "must not be negative"), new ValidationFailure("Right", "must not be negative")], error.Failures);
        Assert.Equal(3, await whizbang.Send(new Add(1, 2)));
    }

    [Fact]
    public async Task Validation_MessageWithoutValidators_Passes()
    {
        await using var services = TestServices.Build(b => b.UseValidation());

        await services.GetRequiredService<IWhizbang>().Send(new Record("free"));

        Assert.Equal(["record free"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Authorization_Refused_ThrowsBeforeTheHandler()
    {
        await using var services = TestServices.Build(b => b.UseAuthorization(), s => s.AddScoped<IMessageAuthorizer, OnlyAdmins>());
        var whizbang = services.GetRequiredService<IWhizbang>();

        var error = await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await whizbang.Send(new Record("guest")));
        await whizbang.Send(new Record("admin"));

        Assert.Equal("Record", error.MessageName);
        Assert.Equal("only admins may record", error.Reason);
        Assert.Equal(["authorize Record", "authorize Record", "record admin"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Authorization_RunsBeforeValidation_WhenAddedFirst()
    {
        await using var services = TestServices.Build(
            b => b.UseAuthorization().UseValidation(),
            s => s.AddScoped<IMessageAuthorizer, OnlyAdmins>().AddSingleton<IMessageValidator<Add>, PositiveAmounts>());

        await Assert.ThrowsAsync<MessageAuthorizationException>(async () => await services.GetRequiredService<IWhizbang>().Send(new Add(-1, 0)));
    }

    [Fact]
    public async Task Idempotence_SameKeyTwice_RunsTheHandlerOnce()
    {
        await using var services = TestServices.Build(b => b.UseIdempotence());
        var whizbang = services.GetRequiredService<IWhizbang>();

        await whizbang.Send(new Pay("key-1", 10));
        await whizbang.Send(new Pay("key-1", 10));
        await whizbang.Send(new Pay("key-2", 20));

        Assert.Equal(["pay 10", "pay 20"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Idempotence_DuplicateWithAResult_ThrowsDuplicateMessageException()
    {
        await using var services = TestServices.Build(b => b.UseIdempotence());
        var whizbang = services.GetRequiredService<IWhizbang>();

        Assert.Equal(1, await whizbang.Send(new Reserve("r")));
        var error = await Assert.ThrowsAsync<DuplicateMessageException>(async () => await whizbang.Send(new Reserve("r")));

        Assert.Equal("r", error.IdempotencyKey);
        Assert.Equal(["reserve"], services.GetRequiredService<Probe>().Log);
    }

    [Fact]
    public async Task Idempotence_FailedHandler_ReleasesTheKeySoARetryRuns()
    {
        await using var services = TestServices.Build(b => b.UseIdempotence());
        var whizbang = services.GetRequiredService<IWhizbang>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await whizbang.Send(new Pay("k", -1)));
        await whizbang.Send(new Pay("k", 5));

        Assert.Equal(["pay -1", "pay 5"], services.GetRequiredService<Probe>().Log);
    }
}
