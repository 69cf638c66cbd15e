using System.Diagnostics;

namespace Whizbang.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> Whizbang reports through, named <c>"Whizbang"</c>: subscribe with
/// <c>AddSource("Whizbang")</c>. Metrics will use a <c>Meter</c> of the same name.
/// </summary>
public static class WhizbangTelemetry
{
    /// <summary>The name of the activity source (and of the meter).</summary>
    public const string Name = "Whizbang";

    internal static readonly ActivitySource Source = new(Name, typeof(WhizbangTelemetry).Assembly.GetName().Version?.ToString());
}
