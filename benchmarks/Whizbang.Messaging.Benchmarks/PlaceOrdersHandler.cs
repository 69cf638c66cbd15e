namespace Whizbang.Messaging.Benchmarks;

/// <summary>Sales: sends one reservation per order to Stock, which owns them; they join the dispatch's outbox write.</summary>
public sealed class PlaceOrdersHandler(IWhizbang whizbang) : ICommandHandler<PlaceOrders>
{
    public async ValueTask HandleAsync(PlaceOrders command, CancellationToken cancellationToken)
    {
        for (var i = 0; i < command.Count; i++)
        {
            await whizbang.Send(new ReserveStock($"{command.Batch}-{i}", Skus.Of(i), 1), cancellationToken);
        }
    }
}
