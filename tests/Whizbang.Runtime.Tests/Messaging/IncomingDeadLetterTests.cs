using System.Text;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>A received message that cannot be handled becomes a dead letter saying why, instead of blocking the ones behind it.</summary>
public sealed class IncomingDeadLetterTests : IAsyncLifetime
{
    private readonly ShopHost _shop = ShopHost.Shop();

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter, which left every test's host running.
    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    [Fact]
    public async Task UnknownMessageName_IsDeadLettered()
    {
        var incoming = new IncomingMessage("shop.commands/0@3", Encoding.UTF8.GetBytes("{}"), ShopHost.NewEnvelope("shop.refund-everything"));

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.Equal("no message named 'shop.refund-everything' is known to service 'shop'", result.Error);
        var letter = await SingleDeadLetterAsync(incoming, result);
        Assert.Equal(("shop.refund-everything", "default", 0), (letter.MessageName, letter.TenantId, letter.Attempts));
        Assert.Equal(incoming.Envelope, EnvelopeOf(letter));
    }

    [Fact]
    public async Task MalformedJson_IsDeadLettered_AndNoHandlerRuns()
    {
        var key = Observations.NewKey("close");
        var incoming = _shop.Incoming(new CloseShop(key)) with { Payload = Encoding.UTF8.GetBytes("{\"Key\": \"" + key) };

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.StartsWith("the payload is not valid JSON for 'CloseShop'", result.Error, StringComparison.Ordinal);
        await SingleDeadLetterAsync(incoming, result);
        Assert.Empty(Observations.Of(key));
    }

    [Fact]
    public async Task JsonNull_IsDeadLettered()
    {
        var incoming = _shop.Incoming(new CloseShop("unused")) with { Payload = Encoding.UTF8.GetBytes("null") };

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal((IncomingOutcome.DeadLettered, "the payload of 'CloseShop' is JSON null"), (result.Outcome, result.Error));
        await SingleDeadLetterAsync(incoming, result);
    }

    [Theory]
    [InlineData("acme\u0000evil")]
    [InlineData("   ")]
    [InlineData("")]
    public async Task HostileTenantInTheEnvelope_IsDeadLettered_AndNoHandlerRuns(string tenant)
    {
        var key = Observations.NewKey("close");
        var incoming = _shop.Incoming(new CloseShop(key), tenant: tenant);

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.StartsWith("its tenant is not valid: ", result.Error, StringComparison.Ordinal);
        var letter = await SingleDeadLetterAsync(incoming, result);
        Assert.Null(letter.TenantId); // an invalid tenant id is not stored as if it were one
        Assert.Empty(Observations.Of(key));
    }

    [Fact]
    public async Task OverlongTenantInTheEnvelope_IsDeadLettered()
    {
        var incoming = _shop.Incoming(new CloseShop(Observations.NewKey("close")), tenant: new string('t', 10_000));

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.Contains("1 to 200 characters", result.Error, StringComparison.Ordinal);
        Assert.Null((await SingleDeadLetterAsync(incoming, result)).TenantId);
    }

    [Fact]
    public async Task ACommandOwnedByAnotherService_IsDeadLettered_AndItsHandlerHereDoesNotRun()
    {
        var orderId = Observations.NewKey("o");
        var incoming = _shop.Incoming(new ReserveStock("sku", 1, orderId));

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal(IncomingOutcome.DeadLettered, result.Outcome);
        Assert.Contains("'Warehouse'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'shop'", result.Error, StringComparison.Ordinal);
        await SingleDeadLetterAsync(incoming, result);
        Assert.Empty(Observations.Of(orderId));
    }

    [Fact]
    public async Task AMessageExpectingAResult_IsDeadLettered()
    {
        var key = Observations.NewKey("count");
        var incoming = _shop.Incoming(new CountShopOrders(key));

        var result = await _shop.Processor.ProcessAsync(incoming);

        Assert.Equal((IncomingOutcome.DeadLettered, "'CountShopOrders' expects a result, which a message from a transport cannot return"), (result.Outcome, result.Error));
        await SingleDeadLetterAsync(incoming, result);
        Assert.Empty(Observations.Of(key));
    }

    [Fact]
    public async Task AnEventWithoutAHandlerHere_IsNotHandledHere_AndLeavesNothingBehind()
    {
        var result = await _shop.Processor.ProcessAsync(_shop.Incoming(new StockCounted("sku")));

        Assert.Equal(new IncomingResult(IncomingOutcome.NotHandledHere), result);
        Assert.Equal(new OutboxCounts(0, 0, 0, 0, 0), await _shop.Store.CountAsync());
    }

    [Fact]
    public async Task Reject_StoresADeadLetterWithoutAMessageId()
    {
        byte[] payload = [1, 2, 3];

        var result = await _shop.Processor.RejectAsync("shop.commands/2@40", payload, "header whizbang-message-id is missing");

        Assert.Equal((IncomingOutcome.DeadLettered, "header whizbang-message-id is missing"), (result.Outcome, result.Error));
        var letter = Assert.Single(await _shop.Store.GetDeadLettersAsync(10));
        Assert.Equal((null, DeadLetterOrigin.Inbox, "shop.commands/2@40", "shop", null, null), (letter.MessageId, letter.Origin, letter.Source, letter.Consumer, letter.MessageName, letter.TenantId));
        Assert.Equal(("header whizbang-message-id is missing", 0, ManualTimeProvider.Start), (letter.Error, letter.Attempts, letter.FailedAt));
        Assert.Equal(payload, letter.Payload.ToArray());
        Assert.True(letter.Envelope.IsEmpty);
    }

    /// <summary>The one dead letter stored: the message as received, the consumer, the error; no inbox entry.</summary>
    private async Task<DeadLetter> SingleDeadLetterAsync(IncomingMessage incoming, IncomingResult result)
    {
        var letter = Assert.Single(await _shop.Store.GetDeadLettersAsync(10));
        Assert.Equal((incoming.Envelope.MessageId, DeadLetterOrigin.Inbox, incoming.Source, "shop"), (letter.MessageId, letter.Origin, letter.Source, letter.Consumer));
        Assert.Equal(result.Error, letter.Error);
        Assert.Equal(incoming.Payload.ToArray(), letter.Payload.ToArray());
        Assert.Equal(ManualTimeProvider.Start, letter.FailedAt);
        Assert.False(await _shop.Store.HasProcessedAsync("shop", incoming.Envelope.MessageId));
        Assert.Equal(new OutboxCounts(0, 0, 0, 1, 0), await _shop.Store.CountAsync());
        return letter;
    }

    private static MessageEnvelope EnvelopeOf(DeadLetter letter)
        => System.Text.Json.JsonSerializer.Deserialize(letter.Envelope.Span, EnvelopeJson.Default.MessageEnvelope)!;
}
