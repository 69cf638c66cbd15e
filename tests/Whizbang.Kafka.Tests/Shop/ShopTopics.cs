namespace Whizbang.Kafka.Tests.Shop;

/// <summary>
/// Creates a test's topics before its consumers subscribe, as an operator would: a consumer group gets no partitions
/// of a topic that does not exist yet (the mock cluster does not create topics on subscription).
/// </summary>
internal static class ShopTopics
{
    public static async Task CreateAsync(KafkaTestCluster kafka, string prefix)
    {
        foreach (var domain in (string[])["sales", "stock"])
        {
            foreach (var kind in (string[])["commands", "events"])
            {
                await kafka.CreateTopicAsync($"{prefix}.{domain}.{kind}", partitions: 4);
                await kafka.CreateTopicAsync($"{prefix}.{domain}.{kind}.dead-letter", partitions: 1);
            }
        }
    }
}
