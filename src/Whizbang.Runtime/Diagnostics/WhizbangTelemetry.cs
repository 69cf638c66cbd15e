using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Whizbang.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> and one <see cref="Meter"/> Whizbang reports through, both named
/// <c>"Whizbang"</c>. Subscribe with <c>AddSource("Whizbang")</c> and <c>AddMeter("Whizbang")</c>.
/// </summary>
public static class WhizbangTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Whizbang";

    internal static readonly ActivitySource Source = new(Name, typeof(WhizbangTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(WhizbangTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> MessagesDispatched =
        Meter.CreateCounter<long>("whizbang.messages.dispatched", unit: "{message}", description: "Messages dispatched in process.");

    internal static readonly Counter<long> HandlerFailures =
        Meter.CreateCounter<long>("whizbang.handler.failures", unit: "{failure}", description: "Handler invocations that threw.");

    /// <summary>True when something listens, so the dispatcher has to leave its allocation-free path.</summary>
    internal static bool IsObserved => Source.HasListeners() || MessagesDispatched.Enabled || HandlerFailures.Enabled;
}
