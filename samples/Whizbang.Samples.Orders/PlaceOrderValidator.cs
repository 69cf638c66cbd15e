using Whizbang.Pipeline.Validation;

namespace Whizbang.Samples.Orders;

/// <summary>Runs before the handler (see <c>UseValidation()</c> in Program.cs); a broken rule means no handler runs.</summary>
public sealed class PlaceOrderValidator : IMessageValidator<PlaceOrder>
{
    public ValueTask ValidateAsync(PlaceOrder message, ValidationFailures failures, CancellationToken cancellationToken)
    {
        if (message.Lines.Count == 0)
        {
            failures.Add(nameof(message.Lines), "an order needs at least one line");
        }

        if (message.Lines.Any(l => l.Quantity <= 0))
        {
            failures.Add(nameof(message.Lines), "quantities must be positive");
        }

        return ValueTask.CompletedTask;
    }
}
