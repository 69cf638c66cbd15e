using Whizbang.Outbox;

namespace Whizbang.Tenancy;

/// <summary>
/// The outbox and inbox the application sees when tenants do not share tables: writes go to the store of the tenant
/// they belong to (in the same schema or database as the tenant's events), dead letters of no known tenant to the
/// catalogue's home, and the counts and dead-letter listings cover every tenant. Claiming and marking outbox rows
/// belong to one tenant's store; Whizbang's per-tenant relays use each tenant's store for them, and this store refuses them.
/// </summary>
internal sealed class TenantRoutedMessageStore(TenantStoreCatalogue tenants) : IMessageStore
{
    public TenantStoreCatalogue Tenants => tenants;

    /// <summary>The store that keeps <paramref name="tenant"/>'s messages: its own, or the home for none or an unknown one.</summary>
    public IMessageStore For(string? tenant) => tenant is not null && tenants.Contains(tenant) ? tenants.StoresOf(tenant).Messages : tenants.Home.Messages;

    public ValueTask WriteAsync(MessageWrites writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        writes.Validate();
        return writes.IsEmpty ? ValueTask.CompletedTask : tenants.StoresOf(TenantOf(writes)).Messages.WriteAsync(writes, cancellationToken);
    }

    public ValueTask<bool> HasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
        => tenants.StoresOf(TenantContext.CurrentTenant ?? throw new InvalidOperationException(
                "With a schema or database per tenant, each tenant's inbox is its own: ask from inside the message's tenant (TenantScope.Begin(tenant))."))
            .Messages.HasProcessedAsync(consumer, messageId, cancellationToken);

    public ValueTask AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return For(letter.TenantId).AddDeadLetterAsync(letter, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var letters = new List<DeadLetter>();
        foreach (var store in Everywhere())
        {
            letters.AddRange(await store.GetDeadLettersAsync(maxCount, cancellationToken).ConfigureAwait(false));
        }

        return [.. letters.OrderByDescending(l => l.FailedAt).Take(maxCount)];
    }

    public async ValueTask<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        long purged = 0;
        foreach (var store in Everywhere())
        {
            purged += await store.PurgeAsync(before, cancellationToken).ConfigureAwait(false);
        }

        return purged;
    }

    public async ValueTask<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var total = new OutboxCounts(0, 0, 0, 0, 0);
        foreach (var store in Everywhere())
        {
            var counts = await store.CountAsync(cancellationToken).ConfigureAwait(false);
            total = new OutboxCounts(
                total.Pending + counts.Pending, total.Leased + counts.Leased, total.Sent + counts.Sent,
                total.DeadLetters + counts.DeadLetters, total.InboxEntries + counts.InboxEntries);
        }

        return total;
    }

    public ValueTask<IReadOnlyList<ClaimedMessage>> ClaimAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask MarkSentAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask RetryLaterAsync(Guid messageId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default) => throw PerTenant();

    public ValueTask DeadLetterAsync(Guid messageId, string error, CancellationToken cancellationToken = default) => throw PerTenant();

    private IEnumerable<IMessageStore> Everywhere() => [tenants.Home.Messages, .. tenants.Tenants.Select(t => tenants.StoresOf(t).Messages)];

    /// <summary>The one tenant of a write: the received message's, and every outgoing message's.</summary>
    private static string TenantOf(MessageWrites writes)
    {
        var tenant = writes.Inbox?.TenantId ?? writes.Outbox[0].TenantId;
        foreach (var message in writes.Outbox)
        {
            if (!string.Equals(message.TenantId, tenant, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The write holds messages of tenants '{tenant}' and '{message.TenantId}', whose outboxes are kept apart; write each tenant's separately. Nothing was written.",
                    nameof(writes));
            }
        }

        return tenant;
    }

    private static InvalidOperationException PerTenant() => new(
        "Each tenant's outbox is in the tenant's schema or database, and Whizbang runs a relay per tenant over it: "
        + "claim and mark messages through the tenant's own store (TenantStoreCatalogue.StoresOf(tenant).Messages).");
}
