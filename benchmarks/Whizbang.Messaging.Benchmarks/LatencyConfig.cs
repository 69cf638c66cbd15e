using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// One message per iteration (one invocation, no unrolling), 300 measured iterations after 20 warm-up ones, every
/// iteration kept (an outlier is exactly what a P99 is about), and the percentiles beside the mean.
/// </summary>
internal sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(20)
            .WithIterationCount(300)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithOutlierMode(OutlierMode.DontRemove));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
    }
}
