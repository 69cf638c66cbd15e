namespace Whizbang.Kafka.Tests;

/// <summary>The test classes that share one <see cref="KafkaTestCluster"/> for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaTestCluster>
{
    public const string Name = "Kafka";
}
