using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Postgres;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>
/// Whizbang's PostgreSQL store, configured as an application would (<c>AddWhizbang</c> with the application's JSON
/// context): appends and reads go through <see cref="IEventStore"/> and <see cref="EventSerializer"/> (the level of
/// Marten's <c>session.Events</c>), rehydration through <see cref="IRepository{TAggregate}"/>.
/// </summary>
internal sealed class WhizbangContender : IContender
{
    private NpgsqlDataSource _dataSource = null!;
    private ServiceProvider _services = null!;
    private IEventStore _store = null!;
    private EventSerializer _serializer = null!;
    private ReadOnlyMemory<byte> _metadata;

    public async Task SetUpAsync(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresEventStore(_dataSource);
        await store.EnsureSchemaAsync();
        _services = new ServiceCollection()
            .AddWhizbang(whizbang => whizbang.UseEventSourcing(BenchmarkJson.Default).UseEventStore(store))
            .BuildServiceProvider();
        _store = _services.GetRequiredService<IEventStore>();
        _serializer = _services.GetRequiredService<EventSerializer>();
        // The envelope of the command that caused the events, serialized once per command as the unit of work does.
        _metadata = _serializer.SerializeEnvelope(new MessageEnvelope
        {
            MessageId = Guid.CreateVersion7(),
            MessageName = "Deposit",
            CorrelationId = Guid.CreateVersion7(),
            Timestamp = DateTimeOffset.UtcNow,
        });
    }

    public async Task AppendStreamAsync(string streamId, Deposited[] events)
        => await _store.AppendAsync(Stream(streamId), ExpectedVersion.NoStream, Serialize(events));

    public async Task AppendStreamsAsync(IReadOnlyList<string> streamIds, Deposited[] events)
    {
        var appends = new StreamAppend[streamIds.Count];
        for (var i = 0; i < appends.Length; i++)
        {
            appends[i] = new StreamAppend(Stream(streamIds[i]), ExpectedVersion.NoStream, Serialize(events));
        }

        await _store.AppendAsync(appends);
    }

    public async Task<decimal> LoadStreamAsync(string streamId)
    {
        var total = 0m;
        await foreach (var recorded in _store.ReadStreamAsync(Stream(streamId)))
        {
            total += ((Deposited)_serializer.Deserialize(recorded)).Amount;
        }

        return total;
    }

    public async Task<decimal> RehydrateAsync(string streamId)
    {
        await using var scope = _services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IRepository<Account>>();
        var account = await accounts.LoadAsync(Account.IdOf(streamId));
        return account!.Balance;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static StreamId Stream(string streamId) => new(StreamId.DefaultTenant, streamId);

    private EventData[] Serialize(Deposited[] events)
    {
        var data = new EventData[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var serialized = _serializer.Serialize(events[i]);
            data[i] = new EventData(Guid.CreateVersion7(), serialized.Name, serialized.Data, _metadata);
        }

        return data;
    }
}

/// <summary>The account as a Whizbang aggregate; the generator writes its Apply dispatch and repository registration.</summary>
[OwnedBy("Accounts")]
public sealed partial class Account : Aggregate
{
    private const string StreamPrefix = "account-";

    public decimal Balance { get; private set; }

    /// <summary>The aggregate id whose stream is <paramref name="streamId"/> (streams are named "account-{id}").</summary>
    public static string IdOf(string streamId) => streamId.StartsWith(StreamPrefix, StringComparison.Ordinal)
        ? streamId[StreamPrefix.Length..]
        : throw new ArgumentException($"'{streamId}' is not an account stream.", nameof(streamId));

    private void Apply(Deposited e) => Balance += e.Amount;
}
