namespace Whizbang.Benchmarks.Direct;

// The baseline's messages implement nothing: no framework sees them.
public sealed record DirectPing(int Value);

public sealed record DirectGetValue(int Key);

public sealed record DirectHappened(int Value);

public sealed record DirectPong(int Value);

public sealed record DirectValue(int Value);
