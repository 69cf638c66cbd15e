using Microsoft.Extensions.Logging;
using Whizbang.Transport;

namespace Whizbang.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class KafkaTopicProvisionerTests(KafkaTestCluster kafka)
{
    [Fact]
    public void TopicsOf_AreTheOwnedDomainsTopics_TheConsumedOnes_AndTheirDeadLetterTopics()
    {
        var messaging = new MessagingOptions { ServiceName = "sales" }.Own("Sales");

        var topics = KafkaTopicProvisioner.TopicsOf(messaging, ["sales.commands", "stock.events"]);

        Assert.Equal(
            ["sales.commands", "sales.commands.dead-letter", "sales.events", "stock.events", "stock.events.dead-letter"],
            topics);
    }

    [Fact]
    public async Task EnsureAsync_WhenEveryTopicExists_CreatesNothing()
    {
        var topic = kafka.NewTopicName("provisioned");
        await kafka.CreateTopicAsync(topic, partitions: 2);
        var log = new RecordingLogger();

        await KafkaTopicProvisioner.EnsureAsync(new KafkaOptions { BootstrapServers = kafka.BootstrapServers }, [topic], log);

        Assert.Empty(log.EventIds);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => EventIds.Add(eventId.Id);
    }
}
