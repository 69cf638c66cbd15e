using System.Diagnostics;
using Whizbang.Diagnostics;

namespace Whizbang.Runtime.Tests;

/// <summary>
/// Records Whizbang's spans for telemetry tests. Each <see cref="TraceAsync"/> runs its action under a root span of
/// its own and returns only the spans of that trace, so tests running in parallel never see each other's.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];
    private readonly ActivitySource _testSource = new("Whizbang.Tests." + Guid.NewGuid());

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WhizbangTelemetry.Name || source == _testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs <paramref name="action"/> under a new root span and returns the Whizbang spans it stopped.</summary>
    public async Task<List<Activity>> TraceAsync(Func<Task> action)
    {
        ActivityTraceId traceId;
        using (var root = _testSource.StartActivity("test"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            await action();
        }

        lock (_stopped)
        {
            return _stopped.Where(a => a.TraceId == traceId && a.Source.Name == WhizbangTelemetry.Name).ToList();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _testSource.Dispose();
    }
}
