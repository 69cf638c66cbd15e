using Whizbang.Messaging;

namespace Whizbang.Benchmarks.WhizbangDispatch;

[OwnedBy("Benchmarks")]
[PublicMessage]
public sealed record WhizbangPing(int Value) : ICommand<WhizbangPong>;

[OwnedBy("Benchmarks")]
[PublicMessage]
public sealed record WhizbangGetValue(int Key) : IQuery<WhizbangValue>;

[OwnedBy("Benchmarks")]
public sealed record WhizbangHappened(int Value) : IEvent;

public sealed record WhizbangPong(int Value);

public sealed record WhizbangValue(int Value);
