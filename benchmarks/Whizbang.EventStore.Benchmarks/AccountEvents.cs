using System.Text.Json.Serialization;
using Whizbang.Messaging;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>The small event every contender appends and reads: one number, like most domain events.</summary>
[OwnedBy("Accounts")]
public sealed record Deposited(decimal Amount) : IEvent;

[JsonSerializable(typeof(Deposited))]
[JsonSerializable(typeof(AccountBalance))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;
