using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Whizbang.EventStore.Benchmarks;

/// <summary>Marten's async daemon rebuilding a single-stream projection, with its defaults.</summary>
internal sealed class MartenProjectionContender : IProjectionContender
{
    private DocumentStore _store = null!;

    public async Task SetUpAsync(string connectionString, int accounts, int depositsPerAccount)
    {
        _store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "marten_projections";
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.AddEventType<Deposited>();
            options.Projections.Add<MartenBalanceProjection>(ProjectionLifecycle.Async);
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        for (var first = 0; first < accounts; first += 100)
        {
            await using var session = _store.LightweightSession();
            for (var account = first; account < Math.Min(first + 100, accounts); account++)
            {
                session.Events.StartStream(Stream(account), Enumerable.Range(1, depositsPerAccount).Select(amount => (object)new Deposited(amount)).ToArray());
            }

            await session.SaveChangesAsync();
        }
    }

    public async Task RebuildAsync()
    {
        using var daemon = await _store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<MartenBalanceProjection>(CancellationToken.None);
    }

    public async Task<decimal> BalanceAsync(int account)
    {
        await using var session = _store.QuerySession();
        return (await session.LoadAsync<MartenBalance>(Stream(account)))?.Balance ?? -1;
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static string Stream(int account) => $"account-{account}";
}

/// <summary>Marten's document for the same read model.</summary>
public sealed class MartenBalance
{
    public string Id { get; set; } = string.Empty;

    public decimal Balance { get; set; }

    public int Deposits { get; set; }
}

/// <summary>Marten's single-stream projection, with its conventional Create and Apply methods.</summary>
public sealed class MartenBalanceProjection : SingleStreamProjection<MartenBalance, string>
{
    public MartenBalance Create(Deposited e) => new() { Balance = e.Amount, Deposits = 1 };

    public void Apply(Deposited e, MartenBalance account)
    {
        account.Balance += e.Amount;
        account.Deposits++;
    }
}
