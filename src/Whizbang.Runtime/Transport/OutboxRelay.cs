using Microsoft.Extensions.Logging;
using Whizbang.Diagnostics;
using Whizbang.Outbox;
using Whizbang.Tenancy;

namespace Whizbang.Transport;

/// <summary>
/// Moves outbox messages to the transport: leases a batch, sends it, marks sent what the transport acknowledged, and
/// schedules a retry (with backoff) or dead-letters what failed. Several replicas can relay the same outbox: leases
/// keep them from sending a message twice, and a replica that dies loses its leases when they expire, so its
/// messages are sent by another. A message sent twice that way is recognised by the receiver's inbox.
/// </summary>
public sealed class OutboxRelay
{
    private readonly IMessageStore _store;
    private readonly IMessageTransport _transport;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    internal OutboxRelay(IMessageStore store, IMessageTransport transport, MessagingOptions options, TimeProvider clock, ILogger<OutboxRelay> logger)
    {
        _store = store;
        _transport = transport;
        _options = options;
        _clock = clock;
        _logger = logger;
        Owner = $"{options.ServiceName}/{Environment.MachineName}/{Guid.NewGuid():N}";
    }

    /// <summary>This relay's lease owner name: the service, the machine and a per-process id.</summary>
    public string Owner { get; }

    /// <summary>
    /// Relays one batch (one per tenant, when each tenant has its own schema or database); returns how many messages the
    /// transport acknowledged (0 when the outbox had nothing due).
    /// </summary>
    public async ValueTask<int> RelayBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_store is not TenantRoutedMessageStore routed)
        {
            return await RelayBatchAsync(_store, cancellationToken).ConfigureAwait(false);
        }

        var sent = 0;
        foreach (var tenant in routed.Tenants.Tenants)
        {
            sent += await RelayBatchAsync(routed.Tenants.StoresOf(tenant).Messages, cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    private async ValueTask<int> RelayBatchAsync(IMessageStore store, CancellationToken cancellationToken)
    {
        using var system = TenantContext.EnterSystemWork(); // the outbox holds every tenant's messages
        var claimed = await store.ClaimAsync(Owner, _options.RelayBatchSize, _options.RelayLease, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        using var activity = MessagingTelemetry.StartRelay(claimed.Count);
        var messages = new OutboxMessage[claimed.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = claimed[i].Message;
        }

        var failures = await _transport.SendAsync(messages, cancellationToken).ConfigureAwait(false);
        Dictionary<Guid, SendFailure>? failed = null;
        foreach (var failure in failures)
        {
            (failed ??= []).TryAdd(failure.MessageId, failure); // a transport reporting a message twice must not stop the batch's bookkeeping
        }

        var sent = failed is null ? messages.Select(m => m.MessageId).ToList() : messages.Where(m => !failed.ContainsKey(m.MessageId)).Select(m => m.MessageId).ToList();
        if (sent.Count > 0)
        {
            // Not cancellable: the messages are out, so recording it is worth finishing.
            await store.MarkSentAsync(sent, CancellationToken.None).ConfigureAwait(false);
        }

        MessagingTelemetry.RecordSent(sent.Count);
        foreach (var claim in claimed)
        {
            if (failed?.GetValueOrDefault(claim.Message.MessageId) is { } failure)
            {
                await RecordFailureAsync(store, claim, failure).ConfigureAwait(false);
            }
        }

        return sent.Count;
    }

    private async ValueTask RecordFailureAsync(IMessageStore store, ClaimedMessage claim, SendFailure failure)
    {
        var message = claim.Message;
        var attempt = claim.Attempts + 1;
        if (failure.IsPermanent || attempt >= _options.MaxSendAttempts)
        {
            MessagingLog.SendDeadLettered(_logger, message.MessageName, message.MessageId, message.Destination, attempt, failure.Error);
            MessagingTelemetry.RecordSendFailure(deadLettered: true);
            await store.DeadLetterAsync(message.MessageId, failure.Error, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var retryAt = _clock.GetUtcNow() + _options.DelayBefore(attempt);
        MessagingLog.SendRetrying(_logger, message.MessageName, message.MessageId, message.Destination, attempt, _options.MaxSendAttempts, retryAt, failure.Error);
        MessagingTelemetry.RecordSendFailure(deadLettered: false);
        await store.RetryLaterAsync(message.MessageId, failure.Error, retryAt, CancellationToken.None).ConfigureAwait(false);
    }
}
