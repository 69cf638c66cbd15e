namespace Whizbang.Messaging;

/// <summary>A command or query was dispatched but no handler for its type was generated.</summary>
public sealed class NoHandlerException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="messageType"/>.</summary>
    public NoHandlerException(Type messageType)
        : base($"No handler is registered for message '{messageType.FullName}'. Add a class implementing the matching " +
               "ICommandHandler/IQueryHandler interface in this project or a referenced one (the generator reports WHIZ001 for it).")
    {
        MessageType = messageType;
    }

    /// <summary>The message type that has no handler.</summary>
    public Type MessageType { get; }
}
