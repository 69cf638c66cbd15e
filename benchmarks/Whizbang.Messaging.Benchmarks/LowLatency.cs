namespace Whizbang.Messaging.Benchmarks;

/// <summary>The Kafka client settings both frameworks get in the latency benchmark.</summary>
internal static class LowLatency
{
    /// <summary>
    /// How long a fetch waits at the broker for data. A real broker answers a waiting fetch as soon as data arrives;
    /// librdkafka's mock cluster answers an empty fetch only when this wait is over, so on the mock it bounds the
    /// consumer's share of the latency and must be the same for every contender.
    /// </summary>
    public const int FetchWaitMaxMs = 5;
}
