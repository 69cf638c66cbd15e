namespace Whizbang.Messaging.Benchmarks;

/// <summary>How a benchmark's service is configured.</summary>
internal enum ServiceTuning
{
    /// <summary>The defaults, and no consumer: a service that only sends (the relay benchmarks).</summary>
    SendOnly,

    /// <summary>What a user picks for low latency: no producer linger, a short relay poll and a short consumer fetch wait.</summary>
    LowLatency,
}
