namespace Whizbang.Pipeline.Validation;

/// <summary>One broken rule.</summary>
/// <param name="Member">The message member at fault, for example <c>"Lines"</c>.</param>
/// <param name="Message">What is wrong, for a person to read.</param>
public sealed record ValidationFailure(string Member, string Message);
