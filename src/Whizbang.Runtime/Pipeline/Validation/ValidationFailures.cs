namespace Whizbang.Pipeline.Validation;

/// <summary>Collects the failures of every validator of one message.</summary>
public sealed class ValidationFailures
{
    private readonly List<ValidationFailure> _failures = [];

    /// <summary>The failures so far.</summary>
    public IReadOnlyList<ValidationFailure> All => _failures;

    /// <summary>Records that <paramref name="member"/> breaks a rule.</summary>
    public void Add(string member, string message) => _failures.Add(new ValidationFailure(member, message));
}
