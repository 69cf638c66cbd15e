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

    /// <summary>
    /// Whether the service creates its missing topics when it starts: the command and event topics of the domains it
    /// owns, the topics it consumes and their dead-letter topics. Off by default, because production clusters usually
    /// have their topics created by their operators (and brokers may refuse it); handy in development.
    /// </summary>
    public bool CreateTopics { get; set; }

    /// <summary>How many partitions a topic created by <see cref="CreateTopics"/> gets: the most consumers of one group that can share it.</summary>
    public int TopicPartitions { get; set; } = 6;

    /// <summary>The replication factor of a topic created by <see cref="CreateTopics"/>; -1 (the default) takes the broker's default.</summary>
    public short TopicReplicationFactor { get; set; } = -1;

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

        if (TopicPartitions < 1 || TopicReplicationFactor is 0 or < -1)
        {
            throw new InvalidOperationException("Kafka is misconfigured: TopicPartitions must be at least 1 and TopicReplicationFactor at least 1 (or -1 for the broker's default).");
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
