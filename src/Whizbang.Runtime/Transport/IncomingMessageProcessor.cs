using System.Text.Json;
using Microsoft.Extensions.Logging;
using Whizbang.Diagnostics;
using Whizbang.Dispatch;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Pipeline;
using Whizbang.Tenancy;

namespace Whizbang.Transport;

/// <summary>
/// Handles the messages a transport receives, exactly once in effect: a message already in this service's inbox is
/// acknowledged without running again; otherwise its handlers run under its own envelope (tenant, correlation, trace),
/// and the inbox entry commits in the same transaction as their events and the messages they send. A failing
/// handler is retried with backoff; a message that cannot be handled becomes a dead letter instead of blocking the
/// messages behind it.
/// </summary>
public sealed class IncomingMessageProcessor
{
    private readonly WhizbangDispatcher _dispatcher;
    private readonly IMessageCatalog _catalog;
    private readonly EventSerializer _serializer;
    private readonly OutboxWriter _writer;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    internal IncomingMessageProcessor(
        WhizbangDispatcher dispatcher, IMessageCatalog catalog, EventSerializer serializer, OutboxWriter writer, TimeProvider clock, ILogger<IncomingMessageProcessor> logger)
    {
        _dispatcher = dispatcher;
        _catalog = catalog;
        _serializer = serializer;
        _writer = writer;
        _options = writer.Router.Options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The topics this service consumes (see <see cref="MessageRouter.SubscribedTopics"/>).</summary>
    public IReadOnlyList<string> SubscribedTopics => _writer.Router.SubscribedTopics;

    /// <summary>Processes <paramref name="message"/>; the transport acknowledges it afterwards whatever the outcome.</summary>
    /// <exception cref="OperationCanceledException">The service is stopping: nothing committed, so do not acknowledge.</exception>
    /// <exception cref="Exception">The message store is unreachable: nothing committed, so do not acknowledge.</exception>
    public async ValueTask<IncomingResult> ProcessAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var system = TenantContext.EnterSystemWork(); // whatever flow the transport calls from, start clean
        using var activity = MessagingTelemetry.StartConsume(message.Source, message.Envelope);
        var result = await ProcessCoreAsync(message, cancellationToken).ConfigureAwait(false);
        var outcome = result.Outcome switch
        {
            IncomingOutcome.Handled => "handled",
            IncomingOutcome.Duplicate => "duplicate",
            IncomingOutcome.NotHandledHere => "not_handled_here",
            _ => "dead_lettered",
        };
        activity?.SetTag(TelemetryTags.Outcome, outcome);
        MessagingTelemetry.RecordReceived(outcome);
        return result;
    }

    /// <summary>Stores a message the transport could not even read (for example a missing or malformed header) as a dead letter.</summary>
    public async ValueTask<IncomingResult> RejectAsync(string source, ReadOnlyMemory<byte> payload, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(error);
        using var system = TenantContext.EnterSystemWork();
        MessagingLog.MessageDeadLettered(_logger, null, null, source, error);
        await _writer.Store.AddDeadLetterAsync(
            new DeadLetter(null, DeadLetterOrigin.Inbox, Printable(source), _options.ServiceName, null, null, payload, default, Printable(error), 0, _clock.GetUtcNow()),
            cancellationToken)
            .ConfigureAwait(false);
        MessagingTelemetry.RecordReceived("dead_lettered");
        return new IncomingResult(IncomingOutcome.DeadLettered, error);
    }

    private async ValueTask<IncomingResult> ProcessCoreAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        if (_catalog.FindByName(envelope.MessageName) is not { } descriptor)
        {
            return await DeadLetterAsync(message, $"no message named '{envelope.MessageName}' is known to service '{_options.ServiceName}'", 0, cancellationToken).ConfigureAwait(false);
        }

        if (descriptor.Kind is MessageKind.Query or MessageKind.CommandWithResult)
        {
            return await DeadLetterAsync(message, $"'{descriptor.Name}' expects a result, which a message from a transport cannot return", 0, cancellationToken).ConfigureAwait(false);
        }

        if (descriptor is { Kind: MessageKind.Command, OwningDomain: { } owner } && !_writer.Router.Owns(owner))
        {
            // Only the owner runs a domain's commands, even when this service happens to contain a handler for it.
            return await DeadLetterAsync(
                message, $"command '{descriptor.Name}' belongs to domain '{owner}', which service '{_options.ServiceName}' does not own", 0, cancellationToken).ConfigureAwait(false);
        }

        if (!_writer.Router.HandlesHere(descriptor.MessageType))
        {
            return descriptor.Kind == MessageKind.Event
                ? IncomingResult.NotHandledHere
                : await DeadLetterAsync(message, $"command '{descriptor.Name}' has no handler in service '{_options.ServiceName}'", 0, cancellationToken).ConfigureAwait(false);
        }

        if (Unreadable(message, descriptor, out var value) is { } problem)
        {
            return await DeadLetterAsync(message, problem, 0, cancellationToken).ConfigureAwait(false);
        }

        if (!_writer.Knows(envelope.TenantId))
        {
            return await DeadLetterAsync(
                message, $"its tenant '{envelope.TenantId}' is not known to service '{_options.ServiceName}', which keeps each tenant's data in a schema or database of its own", 0, cancellationToken)
                .ConfigureAwait(false);
        }

        if (await _writer.InboxOf(envelope.TenantId).HasProcessedAsync(_options.ServiceName, envelope.MessageId, cancellationToken).ConfigureAwait(false))
        {
            MessagingLog.Duplicate(_logger, envelope.MessageName, envelope.MessageId, message.Source);
            return IncomingResult.Duplicate;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await HandleOnceAsync(envelope, value!, descriptor, cancellationToken).ConfigureAwait(false);
                return IncomingResult.Handled;
            }
            catch (DuplicateMessageException)
            {
                MessagingLog.Duplicate(_logger, envelope.MessageName, envelope.MessageId, message.Source);
                return IncomingResult.Duplicate; // another consumer (before a rebalance) committed it first
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (attempt < _options.MaxHandlerAttempts)
            {
                var delay = _options.DelayBefore(attempt);
                MessagingLog.HandlerRetrying(_logger, e, envelope.MessageName, envelope.MessageId, message.Source, attempt, _options.MaxHandlerAttempts, delay);
                await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return await DeadLetterAsync(message, $"{e.GetType().FullName}: {e.Message}", attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt, in its own flow: the message's tenant, its envelope, and a fresh set of pending writes.</summary>
    private async Task HandleOnceAsync(MessageEnvelope envelope, object value, MessageDescriptor descriptor, CancellationToken cancellationToken)
    {
        using var tenant = TenantScope.Begin(envelope.TenantId);
        // No grant from envelope.CrossTenantReason: a header must not widen access here. A [CrossTenant] message type opens its own.
        var pending = new PendingMessages(new InboxEntry(_options.ServiceName, envelope.MessageId, envelope.TenantId, _clock.GetUtcNow()));
        PendingMessages.Current = pending;
        DispatchContext.Incoming = envelope;
        await _dispatcher.DispatchIncomingAsync(value, descriptor, cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the message cannot be read as <paramref name="descriptor"/>'s type, or null with the value.</summary>
    private string? Unreadable(IncomingMessage message, MessageDescriptor descriptor, out object? value)
    {
        value = null;
        try
        {
            TenantIds.Validate(message.Envelope.TenantId, "tenant");
        }
        catch (ArgumentException e)
        {
            return "its tenant is not valid: " + e.Message;
        }

        if (_serializer.TypeInfoFor(descriptor.MessageType) is not { } typeInfo)
        {
            return $"type '{descriptor.MessageType.FullName}' is missing from the JsonSerializerContext given to UseMessaging";
        }

        try
        {
            value = JsonSerializer.Deserialize(message.Payload.Span, typeInfo);
        }
        catch (JsonException e)
        {
            return $"the payload is not valid JSON for '{descriptor.Name}': {e.Message}";
        }

        return value is null ? $"the payload of '{descriptor.Name}' is JSON null" : null;
    }

    private async ValueTask<IncomingResult> DeadLetterAsync(IncomingMessage message, string error, int attempts, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        MessagingLog.MessageDeadLettered(_logger, envelope.MessageName, envelope.MessageId, message.Source, error);
        var letter = new DeadLetter(
            envelope.MessageId, DeadLetterOrigin.Inbox, Printable(message.Source), _options.ServiceName, Printable(envelope.MessageName),
            ValidTenantOrNull(envelope.TenantId), message.Payload, _serializer.SerializeEnvelope(envelope), Printable(error), attempts, _clock.GetUtcNow());
        await _writer.Store.AddDeadLetterAsync(letter, cancellationToken).ConfigureAwait(false);
        return new IncomingResult(IncomingOutcome.DeadLettered, error);
    }

    /// <summary>A tenant id the sender got wrong is not recorded as one: a store would refuse it, or file the letter under a tenant that does not exist.</summary>
    /// <summary>
    /// The text with control characters replaced and cut to the store's limit: a dead letter records hostile input, and
    /// a store refusing it (PostgreSQL cannot keep NUL) would leave the message unacknowledged, blocking its partition.
    /// </summary>
    private static string Printable(string text)
    {
        var cut = text.Length > MessageWrites.MaxTextLength * 4 ? text[..(MessageWrites.MaxTextLength * 4)] : text;
        return cut.AsSpan().ContainsAnyInRange('\0', '\u001f')
            ? string.Create(cut.Length, cut, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = source[i] < ' ' ? '\uFFFD' : source[i];
                }
            })
            : cut;
    }

    private static string? ValidTenantOrNull(string? tenant)
    {
        try
        {
            TenantIds.Validate(tenant, nameof(tenant));
            return tenant;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
