using System.Collections.Concurrent;
using System.Security.Claims;
using Whizbang.Messaging;
using Whizbang.Pipeline;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>What a handler saw when it ran: its dispatch's envelope, whether it came from a transport, its principal.</summary>
public sealed record Observation(string Handler, MessageEnvelope Envelope, bool IsFromTransport, ClaimsPrincipal? Principal);

/// <summary>
/// The handlers of this folder record every run here, under a key unique to the test (an order id, a code), so the
/// tests see how often and how a handler ran whichever container ran it.
/// </summary>
public static class Observations
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Observation>> s_byKey = new(StringComparer.Ordinal);

    /// <summary>A key no other test uses.</summary>
    public static string NewKey(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Records the current dispatch; returns how many runs the key has seen, this one included.</summary>
    public static int Record(string key, string handler)
    {
        var context = DispatchContext.Current ?? throw new InvalidOperationException("A handler runs inside a dispatch.");
        var runs = s_byKey.GetOrAdd(key, static _ => new ConcurrentQueue<Observation>());
        runs.Enqueue(new Observation(handler, context.Envelope, context.IsFromTransport, context.Principal));
        return runs.Count;
    }

    public static IReadOnlyList<Observation> Of(string key) => s_byKey.TryGetValue(key, out var runs) ? [.. runs] : [];
}
