namespace Whizbang.EventSourcing;

/// <summary>The outcome of an append to one stream.</summary>
/// <param name="Version">The stream's version after the append: pass it as the next <see cref="ExpectedVersion"/>.</param>
/// <param name="LastPosition">The global position of the last event appended.</param>
public readonly record struct AppendResult(long Version, GlobalPosition LastPosition);
