using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Whizbang.Outbox;
using Whizbang.Tenancy;

namespace Whizbang.Transport;

/// <summary>Deletes sent outbox messages and inbox entries older than <see cref="MessagingOptions.Retention"/>, every <see cref="MessagingOptions.PurgeInterval"/>.</summary>
internal sealed class MessageStorePurgeService(IMessageStore store, MessagingOptions options, TimeProvider clock, ILogger<MessageStorePurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (TenantContext.EnterSystemWork())
                {
                    await store.PurgeAsync(clock.GetUtcNow() - options.Retention, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                MessagingLog.PurgeFailed(logger, e, options.PurgeInterval);
            }

            try
            {
                await Task.Delay(options.PurgeInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
