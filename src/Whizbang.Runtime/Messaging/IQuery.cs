namespace Whizbang.Messaging;

/// <summary>A request to read state, answered with <typeparamref name="TResult"/>. Exactly one handler must exist.</summary>
public interface IQuery<TResult> : IMessage;
