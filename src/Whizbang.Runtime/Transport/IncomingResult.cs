namespace Whizbang.Transport;

/// <summary>The outcome of processing a received message, with the reason when it was dead-lettered.</summary>
/// <param name="Outcome">What became of it.</param>
/// <param name="Error">Why it is a dead letter; null otherwise.</param>
public sealed record IncomingResult(IncomingOutcome Outcome, string? Error = null)
{
    internal static readonly IncomingResult Handled = new(IncomingOutcome.Handled);
    internal static readonly IncomingResult Duplicate = new(IncomingOutcome.Duplicate);
    internal static readonly IncomingResult NotHandledHere = new(IncomingOutcome.NotHandledHere);
}
