using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Whizbang.Transport;

/// <summary>
/// The hosted loop around <see cref="OutboxRelay"/>: relays batch after batch while there is work, then sleeps until
/// this process writes to the outbox or the poll interval passes (other processes' writes are found by polling).
/// </summary>
internal sealed class OutboxRelayService(
    OutboxRelay relay, OutboxSignal signal, string? tenant, MessagingOptions options, TimeProvider clock, ILogger<OutboxRelayService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await relay.RelayBatchAsync(stoppingToken).ConfigureAwait(false) == 0)
                {
                    await signal.WaitAsync(tenant, options.RelayPollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database or the broker is unreachable: unsent messages stay in the outbox, leased until their lease ends.
                MessagingLog.RelayFailed(logger, e, ErrorDelay);
                try
                {
                    await Task.Delay(ErrorDelay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
