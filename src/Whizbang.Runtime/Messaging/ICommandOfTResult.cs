namespace Whizbang.Messaging;

/// <summary>A request to change state that returns <typeparamref name="TResult"/>. Exactly one handler must exist.</summary>
/// <remarks>Invariant on purpose: the dispatcher relies on the declared result type being the handler's result type.</remarks>
public interface ICommand<TResult> : IMessage;
