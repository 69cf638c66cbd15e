namespace Whizbang.Messaging;

/// <summary>Handles <typeparamref name="TCommand"/> and returns its <typeparamref name="TResult"/>.</summary>
public interface ICommandHandler<in TCommand, TResult> where TCommand : ICommand<TResult>
{
    /// <summary>Handles the command. Complete synchronously when you can: the dispatcher then allocates nothing.</summary>
    ValueTask<TResult> HandleAsync(TCommand command, CancellationToken cancellationToken);
}
