using System.Text.Json.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections;

namespace Whizbang.Runtime.Tests.Projections;

[OwnedBy("Accounts")] public sealed record AccountOpened(string AccountId, string Owner) : IEvent;

[OwnedBy("Accounts")] public sealed record Deposited(string AccountId, decimal Amount) : IEvent;

[OwnedBy("Accounts")] public sealed record AccountClosed(string AccountId) : IEvent;

/// <summary>An event the projection fails on while <see cref="AccountSummaryProjection.Failing"/> says so.</summary>
[OwnedBy("Accounts")] public sealed record Audited(string AccountId) : IEvent;

/// <summary>The read model: a mutable class, changed in place by the projection.</summary>
public sealed class AccountSummary
{
    public string Id { get; set; } = "";

    public string Owner { get; set; } = "";

    public decimal Balance { get; set; }

    public int Deposits { get; set; }

    public int Audits { get; set; }
}

/// <summary>
/// One document per account, keyed by the account id in the events. Its knobs (set on the container's singleton)
/// let tests change its behaviour between runs, as a new deployment would.
/// </summary>
public sealed partial class AccountSummaryProjection : Projection<AccountSummary>
{
    /// <summary>How many more times applying <see cref="Audited"/> throws; negative: always.</summary>
    public int Failing { get; set; }

    /// <summary>What a deposit counts for (a rebuild with a new value shows which generation readers see).</summary>
    public decimal Multiplier { get; set; } = 1m;

    private static AccountSummary Create(AccountOpened e) => new() { Id = e.AccountId, Owner = e.Owner };

    private void Apply(AccountSummary account, Deposited e)
    {
        account.Balance += e.Amount * Multiplier;
        account.Deposits++;
    }

    private void Apply(AccountSummary account, Audited e)
    {
        account.Audits++; // changed before the throw: the runner must not commit this half-applied document
        if (Failing != 0)
        {
            Failing--;
            throw new InvalidOperationException($"Audit of {e.AccountId} refused.");
        }
    }

    private static AccountSummary? Apply(AccountSummary account, AccountClosed e) => null;

    private static string DocumentId(AccountOpened e) => e.AccountId;

    private static string DocumentId(Deposited e) => e.AccountId;

    private static string DocumentId(AccountClosed e) => e.AccountId;

    private static string DocumentId(Audited e) => e.AccountId;
}

[JsonSerializable(typeof(AccountOpened))]
[JsonSerializable(typeof(Deposited))]
[JsonSerializable(typeof(AccountClosed))]
[JsonSerializable(typeof(Audited))]
[JsonSerializable(typeof(AccountSummary))]
internal sealed partial class AccountJsonContext : JsonSerializerContext;
