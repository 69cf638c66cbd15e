using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Whizbang.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> Whizbang reports through, named <c>"Whizbang"</c>: subscribe with
/// <c>AddSource("Whizbang")</c>, and the one <see cref="Meter"/> of the same name: <c>AddMeter("Whizbang")</c>.
/// </summary>
public static class WhizbangTelemetry
{
    /// <summary>The name of the activity source (and of the meter).</summary>
    public const string Name = "Whizbang";

    internal static readonly ActivitySource Source = new(Name, typeof(WhizbangTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(WhizbangTelemetry).Assembly.GetName().Version?.ToString());
}
