namespace Whizbang.Messaging;

/// <summary>Handles <typeparamref name="TCommand"/>, a command without a result.</summary>
public interface ICommandHandler<in TCommand> where TCommand : ICommand
{
    /// <summary>Handles the command. Complete synchronously when you can: the dispatcher then allocates nothing.</summary>
    ValueTask HandleAsync(TCommand command, CancellationToken cancellationToken);
}
