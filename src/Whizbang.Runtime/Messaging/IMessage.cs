namespace Whizbang.Messaging;

/// <summary>Marker for every message Whizbang dispatches: commands, queries and events.</summary>
public interface IMessage;
