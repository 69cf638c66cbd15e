using System.Collections.Concurrent;
using System.Diagnostics;
using Whizbang.Messaging;

namespace Whizbang.Kafka.Tests.Shop;

/// <summary>What the handlers saw, in every service of a test: one instance shared by the test's containers.</summary>
public sealed class Observations
{
    public ConcurrentQueue<Observation> Seen { get; } = new();

    /// <summary>How many more times the CountStock handler throws before it succeeds.</summary>
    public int FailuresLeft;

    public void Record(string service, object message, MessageEnvelope envelope)
        => Seen.Enqueue(new Observation(service, message, envelope, Activity.Current?.TraceId));

    public IReadOnlyList<Observation> Of<TMessage>(string service) => [.. Seen.Where(o => o.Service == service && o.Message is TMessage)];
}

public sealed record Observation(string Service, object Message, MessageEnvelope Envelope, ActivityTraceId? TraceId);
