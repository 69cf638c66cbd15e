using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Whizbang.Kafka.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Whizbang.Kafka.Tests;

/// <summary>
/// The Kafka the tests run against, started once per test run: the broker named by <c>WHIZBANG_TEST_KAFKA</c>
/// (bootstrap servers) when set, otherwise librdkafka's built-in mock cluster in this process (see
/// <see cref="KafkaMockCluster"/>). Which one ran is written to the run's diagnostic output and, through
/// <see cref="Description"/>, to each test's output. Each test uses topics and consumer groups of its own.
/// </summary>
/// <remarks>
/// What the mock does not do (DESIGN.md): admin create/describe topic calls time out, so topics are created through
/// the mock's own API (<see cref="CreateTopicAsync"/>); <c>ListConsumerGroups</c> crashes the process, so nothing here
/// or in a test may call it; read-committed isolation and transactional offset commits are not enforced.
/// </remarks>
public sealed class KafkaTestCluster(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string BootstrapServersVariable = "WHIZBANG_TEST_KAFKA";

    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(15);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private KafkaMockCluster? _mock;

    /// <summary>Where clients connect.</summary>
    public string BootstrapServers { get; private set; } = string.Empty;

    /// <summary>True on librdkafka's mock cluster, false on a real broker.</summary>
    public bool IsMockCluster => _mock is not null;

    /// <summary>Which Kafka runs, for test output.</summary>
    public string Description { get; private set; } = "Kafka: not started";

    public Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(BootstrapServersVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            BootstrapServers = external;
            Description = $"Kafka: broker at {external} ({BootstrapServersVariable})";
            EnsureReachable();
        }
        else
        {
            _mock = KafkaMockCluster.Start(brokers: 1);
            BootstrapServers = _mock.BootstrapServers;
            Description = $"Kafka: librdkafka mock cluster at {BootstrapServers} (librdkafka {Library.VersionString}; set {BootstrapServersVariable} to use a real broker)";
        }

        diagnostics.OnMessage(new DiagnosticMessage(Description));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _mock?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>librdkafka's mock cluster, for fault injection; null on a real broker, where faults cannot be injected.</summary>
    internal KafkaMockCluster? Mock => _mock;

    /// <summary>A topic name no test has used, in this run or an earlier one against the same broker.</summary>
    public string NewTopicName(string purpose) => $"whizbang-test-{purpose}-{_run}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A consumer group no test has used.</summary>
    public string NewGroupId(string purpose) => $"whizbang-test-{purpose}-{_run}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions (a broker's auto-created topics may have only one).</summary>
    public async Task CreateTopicAsync(string topic, int partitions)
    {
        if (_mock is not null)
        {
            _mock.CreateTopic(topic, partitions);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        try
        {
            await admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 }],
                new CreateTopicsOptions { OperationTimeout = AdminTimeout, RequestTimeout = AdminTimeout });
        }
        catch (CreateTopicsException error) when (error.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    /// <summary>The idempotent producer the outbox relay will use: acks from all in-sync replicas, no duplicates on retry, order kept per partition.</summary>
    public ProducerConfig ProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
        MessageTimeoutMs = 30_000,
    };

    /// <summary>
    /// A consumer that stores and commits its offsets itself (StoreOffset, then Commit) and starts from the beginning of a new group. Timeouts are as low
    /// as a real broker accepts (its <c>group.min.session.timeout.ms</c> is 6 s by default), so rebalances after a
    /// consumer dies stay short.
    /// </summary>
    public ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        SessionTimeoutMs = 6_000,
        HeartbeatIntervalMs = 500,
        FetchWaitMaxMs = 50,
    };

    private void EnsureReachable()
    {
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
            if (admin.GetMetadata(AdminTimeout).Brokers.Count == 0)
            {
                throw new KafkaException(ErrorCode.BrokerNotAvailable);
            }
        }
        catch (KafkaException error)
        {
            throw new InvalidOperationException(
                $"Cannot reach the Kafka broker named by {BootstrapServersVariable} ('{BootstrapServers}'): {error.Message}. "
                + $"Unset {BootstrapServersVariable} to run on librdkafka's mock cluster instead.",
                error);
        }
    }
}
