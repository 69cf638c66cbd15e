using Confluent.Kafka;

namespace Whizbang.Kafka;

/// <summary>Where the Kafka cluster is and how Whizbang's producer and consumer talk to it.</summary>
public sealed class KafkaOptions
{
    /// <summary>The brokers to bootstrap from, for example <c>localhost:9092</c>. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// Adjusts the producer's settings after Whizbang's (idempotent, <c>acks=all</c>, 5 ms linger): security, compression,
    /// timeouts. Turning idempotence off gives up ordering and duplicate-free retries.
    /// </summary>
    public Action<ProducerConfig>? ConfigureProducer { get; set; }

    /// <summary>
    /// Adjusts the consumer's settings after Whizbang's (group = service name, offsets stored only once a message is
    /// processed and committed every second, earliest offset for a new group, topics created on subscription).
    /// </summary>
    public Action<ConsumerConfig>? ConfigureConsumer { get; set; }

    /// <summary>Whether this process consumes its topics (on by default). Turn it off in a process that only sends.</summary>
    public bool Consume { get; set; } = true;

    /// <summary>How long the consumer waits after the message store failed before it reads the same message again.</summary>
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(2);

    internal KafkaOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new InvalidOperationException("Kafka is misconfigured: BootstrapServers must be set, for example \"localhost:9092\".");
        }

        if (ErrorDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Kafka is misconfigured: ErrorDelay must not be negative.");
        }

        return this;
    }

    internal ProducerConfig ProducerConfig()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        };
        ConfigureProducer?.Invoke(config);
        return config;
    }

    internal ConsumerConfig ConsumerConfig(string groupId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1_000,
            EnableAutoOffsetStore = false,
            AllowAutoCreateTopics = true,
            FetchWaitMaxMs = 50,
        };
        ConfigureConsumer?.Invoke(config);
        return config;
    }
}
