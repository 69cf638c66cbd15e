namespace Whizbang.Messaging;

/// <summary>What a message is, which decides how it is dispatched.</summary>
public enum MessageKind
{
    /// <summary>A command without a result.</summary>
    Command,
    /// <summary>A command with a result.</summary>
    CommandWithResult,
    /// <summary>A query.</summary>
    Query,
    /// <summary>An event.</summary>
    Event,
}
