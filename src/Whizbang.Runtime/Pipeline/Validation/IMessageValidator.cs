namespace Whizbang.Pipeline.Validation;

/// <summary>Checks one message type before its handler runs. Register as many per message as you like.</summary>
public interface IMessageValidator<in TMessage>
{
    /// <summary>Adds a failure to <paramref name="failures"/> for every rule <paramref name="message"/> breaks.</summary>
    ValueTask ValidateAsync(TMessage message, ValidationFailures failures, CancellationToken cancellationToken);
}
