namespace Whizbang.Messaging;

/// <summary>A request to change state that returns nothing. Exactly one handler must exist.</summary>
public interface ICommand : IMessage;
