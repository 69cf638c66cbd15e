using System.Runtime.CompilerServices;
using Whizbang.EventSourcing;
using Whizbang.Projections.Storage;

namespace Whizbang.Tenancy;

/// <summary>
/// The event store the application sees when tenants do not share tables: each call goes to the store of the tenant it
/// names (its stream's tenant), so one tenant's events never reach another's schema or database.
/// </summary>
internal sealed class TenantRoutedEventStore(TenantStoreCatalogue tenants) : IEventStore, IInlineProjectionHost
{
    public TenantStoreCatalogue Tenants => tenants;

    public ValueTask<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(stream, events);
        return tenants.StoresOf(stream.Tenant).Events.AppendAsync(stream, expected, events, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        return StoreOf(appends).AppendAsync(appends, cancellationToken);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
        => tenants.StoresOf(Named(stream).Tenant).Events.ReadStreamAsync(stream, fromVersion, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadAllOptions options, CancellationToken cancellationToken = default)
        => throw NoGlobalLog("read");

    public ValueTask<long> CountAsync(ReadAllOptions options, CancellationToken cancellationToken = default) => throw NoGlobalLog("count");

    public ValueTask<long?> GetStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
        => tenants.StoresOf(Named(stream).Tenant).Events.GetStreamVersionAsync(stream, cancellationToken);

    public ValueTask<long> CountStreamsAsync(string tenant, CancellationToken cancellationToken = default)
        => tenants.StoresOf(tenant).Events.CountStreamsAsync(tenant, cancellationToken);

    public ValueTask<bool> DeleteStreamAsync(StreamId stream, ExpectedVersion expected, CancellationToken cancellationToken = default)
    {
        AppendArguments.ValidateDelete(stream, expected);
        return tenants.StoresOf(stream.Tenant).Events.DeleteStreamAsync(stream, expected, cancellationToken);
    }

    /// <summary>Every tenant's event store shares transactions with the projection storage of its own schema or database.</summary>
    public bool SharesTransactionsWith(IProjectionStorage storage)
        => storage is TenantRoutedProjectionStorage routed && ReferenceEquals(routed.Tenants, tenants);

    public ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, IInlineProjector projector, CancellationToken cancellationToken = default)
    {
        AppendArguments.Validate(appends);
        var stores = tenants.StoresOf(TenantOf(appends));
        if (stores.Events is not IInlineProjectionHost host || !host.SharesTransactionsWith(stores.Projections))
        {
            throw new InvalidOperationException(
                $"Tenant '{TenantOf(appends)}''s event store ({stores.Events.GetType().Name}) cannot write its projection storage's documents in its transactions, so inline projections cannot run for it.");
        }

        return host.AppendAsync(appends, projector, cancellationToken);
    }

    private IEventStore StoreOf(IReadOnlyList<StreamAppend> appends) => tenants.StoresOf(TenantOf(appends)).Events;

    /// <summary>The one tenant of a batch: a batch spanning tenants would span schemas or databases, which no transaction can.</summary>
    private string TenantOf(IReadOnlyList<StreamAppend> appends)
    {
        var tenant = appends[0].Stream.Tenant;
        foreach (var append in appends)
        {
            if (!string.Equals(append.Stream.Tenant, tenant, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The batch appends to streams of tenants '{tenant}' and '{append.Stream.Tenant}', whose events are kept in separate {(tenants.Isolation == TenantIsolation.SchemaPerTenant ? "schemas" : "databases")}, "
                    + "so no single transaction can write both; append to each tenant separately. Nothing was appended.", nameof(appends));
            }
        }

        return tenant;
    }

    private static StreamId Named(StreamId stream)
        => stream.Id is null ? throw new ArgumentException("The stream id is the default value; create it with new StreamId(tenant, id).", nameof(stream)) : stream;

    private InvalidOperationException NoGlobalLog(string verb) => new(
        $"With a {(tenants.Isolation == TenantIsolation.SchemaPerTenant ? "schema" : "database")} per tenant there is no log of every tenant's events to {verb}: "
        + "each tenant's events are numbered in its own store. Use the tenant's store (TenantStoreCatalogue.StoresOf(tenant).Events), as Whizbang's projection daemon does.");
}
