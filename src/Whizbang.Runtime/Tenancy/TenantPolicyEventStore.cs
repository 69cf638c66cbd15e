using Whizbang.EventSourcing;

namespace Whizbang.Tenancy;

/// <summary>
/// Wraps the application's event store so that every driver keeps tenants apart the same way: code running for one
/// tenant touches another tenant's streams (or the global log) only inside a <see cref="CrossTenantAccess"/> grant,
/// and appends stay within the tenant's <see cref="TenantLimits"/>. Both checks run before the driver is called,
/// so a refused call reads and writes nothing.
/// </summary>
internal sealed class TenantPolicyEventStore(IEventStore inner, TenancyOptions options) : IEventStore
{
    internal IEventStore Inner => inner;

    public async ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        Ensure(stream, "append to");
        if (options.HasLimits)
        {
            await EnforceLimitsAsync([new StreamAppend(stream, expected, events)], cancellationToken).ConfigureAwait(false);
        }

        return await inner.AppendAsync(stream, expected, events, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        foreach (var append in appends)
        {
            if (append is not null)
            {
                Ensure(append.Stream, "append to");
            }
        }

        if (options.HasLimits)
        {
            await EnforceLimitsAsync(appends, cancellationToken).ConfigureAwait(false);
        }

        return await inner.AppendAsync(appends, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
    {
        Ensure(stream, "read");
        return inner.ReadStreamAsync(stream, fromVersion, cancellationToken);
    }

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
    {
        TenantContext.EnsureAllTenantsAccess("read the events of every tenant");
        return inner.ReadAllAsync(options, cancellationToken);
    }

    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
    {
        TenantContext.EnsureAllTenantsAccess("count the events of every tenant");
        return inner.CountAsync(options, cancellationToken);
    }

    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        Ensure(stream, "read the version of");
        return inner.GetStreamVersionAsync(stream, cancellationToken);
    }

    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
    {
        TenantIds.Validate(tenant, nameof(tenant));
        TenantContext.EnsureAccess(tenant, "count the streams");
        return inner.CountStreamsAsync(tenant, cancellationToken);
    }

    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        Ensure(stream, "delete");
        return inner.DeleteStreamAsync(stream, expected, cancellationToken);
    }

    /// <summary>A default <see cref="StreamId"/> has no tenant: the driver refuses it with its usual error.</summary>
    private static void Ensure(StreamId stream, string verb)
    {
        if (stream.Tenant is not null)
        {
            TenantContext.EnsureAccess(stream.Tenant, verb + " stream", stream.Id);
        }
    }

    /// <summary>Checks each tenant of the call against its limits: payload sizes, events in the call, then (one query per tenant) streams.</summary>
    private async ValueTask EnforceLimitsAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        AppendArguments.Validate(appends);
        foreach (var tenant in appends.Select(a => a.Stream.Tenant).Distinct(StringComparer.Ordinal))
        {
            var limits = options.LimitsFor(tenant);
            var ofTenant = appends.Where(a => a.Stream.Tenant == tenant).ToList();
            if (limits.MaxEventBytes is { } maxBytes
                && ofTenant.SelectMany(a => a.Events).MaxBy(e => e.Data.Length) is { } largest
                && largest.Data.Length > maxBytes)
            {
                throw new TenantLimitExceededException(tenant, nameof(TenantLimits.MaxEventBytes), maxBytes, largest.Data.Length);
            }

            var events = ofTenant.Sum(a => a.Events.Count);
            if (limits.MaxEventsPerAppend is { } maxEvents && events > maxEvents)
            {
                throw new TenantLimitExceededException(tenant, nameof(TenantLimits.MaxEventsPerAppend), maxEvents, events);
            }

            if (limits.MaxStreams is { } maxStreams)
            {
                var created = await CountNewStreamsAsync(ofTenant, cancellationToken).ConfigureAwait(false);
                var existing = created == 0 ? 0 : await inner.CountStreamsAsync(tenant, cancellationToken).ConfigureAwait(false);
                if (created > 0 && existing + created > maxStreams)
                {
                    throw new TenantLimitExceededException(tenant, nameof(TenantLimits.MaxStreams), maxStreams, existing + created);
                }
            }
        }
    }

    private async ValueTask<int> CountNewStreamsAsync(List<StreamAppend> appends, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var append in appends)
        {
            var isNew = append.Expected == ExpectedVersion.NoStream
                || (append.Expected.IsAny && await inner.GetStreamVersionAsync(append.Stream, cancellationToken).ConfigureAwait(false) is null);
            created += isNew ? 1 : 0;
        }

        return created;
    }
}
