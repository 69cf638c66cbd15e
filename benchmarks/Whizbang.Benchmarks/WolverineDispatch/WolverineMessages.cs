namespace Whizbang.Benchmarks.WolverineDispatch;

// Wolverine needs no marker interfaces: handlers are found by the types listed in DispatchBenchmarks.
public sealed record WolverinePing(int Value);

public sealed record WolverineGetValue(int Key);

public sealed record WolverineHappened(int Value);

public sealed record WolverinePong(int Value);

public sealed record WolverineValue(int Value);
