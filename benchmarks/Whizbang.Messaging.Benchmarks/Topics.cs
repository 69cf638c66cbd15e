namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// The topics of a run, created on the mock cluster before any client subscribes (a consumer group gets no partitions
/// of a topic that does not exist yet, and the admin API cannot create topics on the mock).
/// </summary>
internal static class Topics
{
    public const int Partitions = 4;

    /// <summary>Whizbang's default names: <c>{domain}.commands</c>.</summary>
    public const string SalesCommands = "sales.commands";

    public const string StockCommands = "stock.commands";

    public const string WolverineStockCommands = "wolverine.stock.commands";

    public const string ConfluentFloor = "confluent.floor";

    public static Whizbang.Kafka.Testing.KafkaMockCluster StartCluster()
    {
        var cluster = Whizbang.Kafka.Testing.KafkaMockCluster.Start(brokers: 1);
        foreach (var topic in (string[])[SalesCommands, StockCommands, WolverineStockCommands, ConfluentFloor])
        {
            cluster.CreateTopic(topic, Partitions);
        }

        Console.WriteLine($"// Kafka: librdkafka mock cluster at {cluster.BootstrapServers} (librdkafka {Confluent.Kafka.Library.VersionString})");
        return cluster;
    }
}
