using System.Runtime.InteropServices;
using Confluent.Kafka;
using Whizbang.Messaging;
using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Kafka;

/// <summary>
/// Sends outbox messages to Kafka with one idempotent producer: the message's destination is the topic, its partition
/// key the Kafka key (so one key's messages share a partition and keep their order), the payload the value and the
/// envelope the headers (<see cref="KafkaEnvelopeHeaders"/>). A batch is produced at once and awaited as a whole.
/// </summary>
public sealed class KafkaTransport : IMessageTransport, IDisposable
{
    private readonly ProducerConfig _config;
    private readonly Lock _gate = new();
    private IProducer<string, byte[]>? _producer;

    /// <summary>Creates the transport; the producer connects on the first send.</summary>
    public KafkaTransport(KafkaOptions options)
    {
        KafkaNativeAot.EnsureRooted();
        ArgumentNullException.ThrowIfNull(options);
        _config = options.Validated().ProducerConfig();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SendFailure>> SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }

        var producer = Producer();
        var batch = new DeliveryBatch(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            Message<string, byte[]> record;
            try
            {
                record = ToKafka(message);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KafkaEnvelopeHeaderException or ArgumentException)
            {
                batch.Fail(message.MessageId, $"its envelope cannot be written as headers: {e.Message}", permanent: true);
                continue;
            }

            try
            {
                var id = message.MessageId;
                producer.Produce(message.Destination, record, report => batch.Report(id, report.Error));
            }
            catch (ProduceException<string, byte[]> e)
            {
                batch.Fail(message.MessageId, $"{e.Error.Code}: {e.Error.Reason}", KafkaErrors.IsPermanent(e.Error));
            }
            catch (Exception e) when (e is KafkaException or ArgumentException)
            {
                batch.Fail(message.MessageId, e.Message, permanent: e is ArgumentException);
            }
        }

        var failures = await batch.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (failures.Any(f => f.IsFatal))
        {
            Rebuild(producer); // an idempotent producer that hit a fatal error cannot send again
        }

        return [.. failures.Select(f => f.Failure)];
    }

    /// <summary>The header a dead letter copied to a dead-letter topic carries: why it was given up.</summary>
    public const string ErrorHeader = "whizbang-error";

    /// <summary>
    /// Copies a consumed <paramref name="message"/> to <paramref name="topic"/> as it was (key, value, headers), adding
    /// <see cref="ErrorHeader"/>; returns null once acknowledged, else the error.
    /// </summary>
    internal async Task<string?> SendRawAsync(string topic, Message<string, byte[]> message, string error, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(ErrorHeader, System.Text.Encoding.UTF8.GetBytes(error.Length > 2_000 ? error[..2_000] : error));
        try
        {
            await Producer().ProduceAsync(topic, new Message<string, byte[]> { Key = message.Key, Value = message.Value, Headers = headers }, cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
        catch (ProduceException<string, byte[]> e)
        {
            return $"{e.Error.Code}: {e.Error.Reason}";
        }
    }

    /// <summary>Flushes what is in flight and closes the producer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _producer?.Flush(TimeSpan.FromSeconds(10));
            _producer?.Dispose();
            _producer = null;
        }
    }

    private static Message<string, byte[]> ToKafka(OutboxMessage message)
    {
        var envelope = MessageEnvelope.FromUtf8Json(message.Envelope.Span);
        return new Message<string, byte[]>
        {
            Key = message.PartitionKey,
            Value = ArrayOf(message.Payload),
            Headers = KafkaEnvelopeHeaders.ToHeaders(envelope with { MessageId = message.MessageId, MessageName = message.MessageName }),
        };
    }

    // The store hands out arrays in practice; copying only when it does not saves one copy per message.
    private static byte[] ArrayOf(ReadOnlyMemory<byte> bytes)
        => MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();

    private IProducer<string, byte[]> Producer()
    {
        lock (_gate)
        {
            return _producer ??= new ProducerBuilder<string, byte[]>(_config).Build();
        }
    }

    private void Rebuild(IProducer<string, byte[]> failed)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_producer, failed))
            {
                _producer = null;
            }
        }

        failed.Dispose();
    }

    /// <summary>Collects the delivery reports of one batch; completes when every message has one.</summary>
    private sealed class DeliveryBatch(int count)
    {
        private readonly List<(SendFailure Failure, bool IsFatal)> _failures = [];
        private readonly TaskCompletionSource<IReadOnlyList<(SendFailure Failure, bool IsFatal)>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _outstanding = count;

        public Task<IReadOnlyList<(SendFailure Failure, bool IsFatal)>> Completion => _done.Task;

        public void Report(Guid messageId, Error error)
        {
            if (error.IsError)
            {
                Record(new SendFailure(messageId, $"{error.Code}: {error.Reason}", KafkaErrors.IsPermanent(error)), error.IsFatal);
            }

            Complete();
        }

        public void Fail(Guid messageId, string reason, bool permanent)
        {
            Record(new SendFailure(messageId, reason, permanent), isFatal: false);
            Complete();
        }

        private void Record(SendFailure failure, bool isFatal)
        {
            lock (_failures)
            {
                _failures.Add((failure, isFatal));
            }
        }

        private void Complete()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                lock (_failures)
                {
                    _done.SetResult([.. _failures]);
                }
            }
        }
    }
}
