namespace Whizbang.Messaging;

/// <summary>
/// A message that chooses its partition key: messages with the same key reach their consumer in the order they
/// were sent (for example the id of the aggregate a command targets). Without it a sent message is keyed by its
/// tenant; events appended to a stream are always keyed by their stream.
/// </summary>
public interface IKeyedMessage
{
    /// <summary>The key; 1 to 500 characters.</summary>
    string PartitionKey { get; }
}
