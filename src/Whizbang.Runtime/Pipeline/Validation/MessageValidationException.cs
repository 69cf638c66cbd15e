namespace Whizbang.Pipeline.Validation;

/// <summary>A message broke validation rules; no handler ran.</summary>
public sealed class MessageValidationException : Exception
{
    /// <summary>Creates the exception for message <paramref name="messageName"/>.</summary>
    public MessageValidationException(string messageName, IReadOnlyList<ValidationFailure> failures)
        : base($"Message '{messageName}' is not valid: {string.Join("; ", failures.Select(f => $"{f.Member}: {f.Message}"))}")
    {
        MessageName = messageName;
        Failures = failures;
    }

    /// <summary>The stable name of the rejected message.</summary>
    public string MessageName { get; }

    /// <summary>Every broken rule.</summary>
    public IReadOnlyList<ValidationFailure> Failures { get; }
}
