using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Whizbang.Transport;

namespace Whizbang.Kafka;

/// <summary>
/// Consumes this service's topics (<see cref="IncomingMessageProcessor.SubscribedTopics"/>) in its consumer group and
/// hands each message to the processor, one at a time. An offset is stored only after its message is handled,
/// recognised as a duplicate or dead-lettered (then also copied to the dead-letter topic), and stored offsets are
/// committed every second and when partitions are revoked: a consumer that dies redelivers at most its last second,
/// which the inbox recognises. When the message store fails, the same message is read again after a pause.
/// </summary>
public sealed class KafkaConsumerService : BackgroundService
{
    private readonly IncomingMessageProcessor _processor;
    private readonly KafkaOptions _options;
    private readonly MessagingOptions _messaging;
    private readonly KafkaTransport _deadLetters;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service; it starts consuming when the host starts it.</summary>
    public KafkaConsumerService(
        IncomingMessageProcessor processor, KafkaOptions options, MessagingOptions messaging, KafkaTransport deadLetters, TimeProvider clock, ILogger<KafkaConsumerService> logger)
    {
        KafkaNativeAot.EnsureRooted();
        _processor = processor;
        _options = options.Validated();
        _messaging = messaging;
        _deadLetters = deadLetters;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Set once the consumer has joined its group and been assigned partitions, for tests and health checks.</summary>
    public bool IsAssigned { get; private set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topics = _processor.SubscribedTopics;
        var consume = _options.Consume && topics.Count > 0;
        if (!consume && !_options.CreateTopics)
        {
            return Task.CompletedTask;
        }

        // Consume blocks its thread (and so does the admin client's metadata call), so the loop gets its own rather than a thread-pool thread.
        return Task.Factory.StartNew(() => RunAsync(topics, consume, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private async Task RunAsync(IReadOnlyList<string> topics, bool consume, CancellationToken stoppingToken)
    {
        if (_options.CreateTopics)
        {
            await KafkaTopicProvisioner.EnsureAsync(_options, KafkaTopicProvisioner.TopicsOf(_messaging, topics), _logger).ConfigureAwait(false);
        }

        if (consume)
        {
            await ConsumeLoop(topics, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeLoop(IReadOnlyList<string> topics, CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(_options.ConsumerConfig(_messaging.ServiceName))
            .SetPartitionsAssignedHandler((_, partitions) => IsAssigned = partitions.Count > 0 || IsAssigned)
            .SetErrorHandler((_, error) => KafkaLog.ConsumerError(_logger, error.Code.ToString(), error.Reason))
            .Build();
        consumer.Subscribe(topics);
        KafkaLog.Subscribed(_logger, _messaging.ServiceName, string.Join(", ", topics));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(stoppingToken);
                }
                catch (ConsumeException e)
                {
                    KafkaLog.ConsumerError(_logger, e.Error.Code.ToString(), e.Error.Reason);
                    continue;
                }

                if (result?.Message is null)
                {
                    continue;
                }

                if (await ProcessAsync(result, stoppingToken).ConfigureAwait(false))
                {
                    consumer.StoreOffset(result);
                }
                else
                {
                    consumer.Seek(result.TopicPartitionOffset); // read it again after the pause
                    await Task.Delay(_options.ErrorDelay, _clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close(); // commits the stored offsets and leaves the group at once
        }
    }

    /// <summary>True when the message is done with (its offset may be stored); false when it must be read again.</summary>
    private async Task<bool> ProcessAsync(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        var source = $"{result.Topic}[{result.Partition.Value}]@{result.Offset.Value}";
        var payload = result.Message.Value ?? [];
        try
        {
            IncomingResult outcome;
            try
            {
                var envelope = KafkaEnvelopeHeaders.Read(result.Message.Headers);
                outcome = await _processor.ProcessAsync(new IncomingMessage(source, payload, envelope), stoppingToken).ConfigureAwait(false);
            }
            catch (KafkaEnvelopeHeaderException e)
            {
                outcome = await _processor.RejectAsync(source, payload, e.Message, stoppingToken).ConfigureAwait(false);
            }

            if (outcome.Outcome == IncomingOutcome.DeadLettered)
            {
                await CopyToDeadLetterTopicAsync(result, outcome.Error!, stoppingToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The message store (or the dead-letter topic) is unreachable: nothing was recorded, so nothing is lost by reading it again.
            KafkaLog.ProcessingFailed(_logger, e, source, _options.ErrorDelay);
            return false;
        }
    }

    private async Task CopyToDeadLetterTopicAsync(ConsumeResult<string, byte[]> result, string error, CancellationToken cancellationToken)
    {
        var topic = _messaging.DeadLetterTopic(result.Topic);
        var failures = await _deadLetters.SendRawAsync(topic, result.Message, error, cancellationToken).ConfigureAwait(false);
        if (failures is not null)
        {
            throw new KafkaException(new Error(ErrorCode.Unknown, $"Copying a dead letter to '{topic}' failed: {failures}"));
        }
    }
}
