using System.Collections.Concurrent;

namespace Whizbang.Transport;

/// <summary>
/// Wakes the relay when this process writes to the outbox, so a message does not wait for the next poll. When each
/// tenant has its own outbox, each tenant's relay waits for writes of its own tenant.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _any = new(0, 1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _tenants = new(StringComparer.Ordinal);

    /// <summary>Says that <paramref name="tenant"/>'s messages were written (any tenant's, when null).</summary>
    public void Notify(string? tenant)
    {
        Release(_any);
        if (tenant is null)
        {
            foreach (var signal in _tenants.Values)
            {
                Release(signal);
            }
        }
        else if (_tenants.TryGetValue(tenant, out var signal))
        {
            Release(signal);
        }
    }

    /// <summary>Waits until <see cref="Notify"/> (for <paramref name="tenant"/>, or for any tenant when null) or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(string? tenant, TimeSpan timeout, CancellationToken cancellationToken)
        => (tenant is null ? _any : _tenants.GetOrAdd(tenant, static _ => new SemaphoreSlim(0, 1))).WaitAsync(timeout, cancellationToken);

    private static void Release(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled: the relay looks once for everything written so far
        }
    }
}
