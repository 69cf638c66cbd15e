using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Whizbang.Transport;

namespace Whizbang.Kafka;

/// <summary>
/// Creates the topics a service owns or consumes when they are missing (<see cref="KafkaOptions.CreateTopics"/>):
/// the command and event topics of its domains, the topics it subscribes to and their dead-letter topics. Topics of
/// other domains are left to their owners; the relay retries a send to a topic that does not exist yet.
/// </summary>
internal static class KafkaTopicProvisioner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static IReadOnlyList<string> TopicsOf(MessagingOptions messaging, IReadOnlyList<string> subscribed)
    {
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var domain in messaging.OwnedDomains)
        {
            topics.Add(messaging.CommandTopic(domain));
            topics.Add(messaging.EventTopic(domain));
        }

        foreach (var topic in subscribed)
        {
            topics.Add(topic);
            topics.Add(messaging.DeadLetterTopic(topic));
        }

        return [.. topics];
    }

    /// <summary>Creates those of <paramref name="topics"/> the cluster lacks; a failure is logged, not thrown, so consuming still starts.</summary>
    public static async Task EnsureAsync(KafkaOptions options, IReadOnlyList<string> topics, ILogger logger)
    {
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build();
            var existing = admin.GetMetadata(Timeout).Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
            var missing = topics.Where(t => !existing.Contains(t)).ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            try
            {
                await admin.CreateTopicsAsync(
                    [.. missing.Select(t => new TopicSpecification { Name = t, NumPartitions = options.TopicPartitions, ReplicationFactor = options.TopicReplicationFactor })],
                    new CreateTopicsOptions { OperationTimeout = Timeout, RequestTimeout = Timeout }).ConfigureAwait(false);
            }
            catch (CreateTopicsException error) when (error.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
            {
                // Another replica created them first.
            }

            KafkaLog.TopicsCreated(logger, string.Join(", ", missing), options.TopicPartitions);
        }
        catch (KafkaException error)
        {
            KafkaLog.TopicCreationFailed(logger, error, string.Join(", ", topics));
        }
    }
}
