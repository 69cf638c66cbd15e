namespace Whizbang.Benchmarks.WolverineDispatch;

// Wolverine never takes a handler class from the container: for an instance method its generated adapter news the
// class up on every message. Static methods are its allocation-free form; the state they need is a singleton that the
// adapter receives once, in its constructor. Synchronous handlers return their result directly (Wolverine refuses a
// primitive result, hence the result records).
public static class WolverinePingHandler
{
    private static readonly WolverinePong Pong = new(2);

    public static WolverinePong Handle(WolverinePing command) => Pong;
}

public static class WolverineGetValueHandler
{
    private static readonly WolverineValue Value = new(4);

    public static WolverineValue Handle(WolverineGetValue query) => Value;
}

public static class WolverineHappenedCounter
{
    public static void Handle(WolverineHappened @event, WolverineTally tally) => tally.Count++;
}

public static class WolverineHappenedTotal
{
    public static void Handle(WolverineHappened @event, WolverineTally tally) => tally.Total += @event.Value;
}

/// <summary>The singleton the two event handlers write to.</summary>
public sealed class WolverineTally
{
    public int Count { get; set; }

    public long Total { get; set; }
}
