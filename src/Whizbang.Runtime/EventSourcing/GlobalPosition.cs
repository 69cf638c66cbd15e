using System.Globalization;

namespace Whizbang.EventSourcing;

/// <summary>
/// A place in the store's global order, used as a read-all checkpoint. Drivers whose commits are serialized
/// (in memory, SQLite) leave <see cref="Transaction"/> at 0 and order by <see cref="Sequence"/> alone. PostgreSQL
/// hands out sequence numbers before commit, so concurrent transactions can commit out of sequence order; it
/// orders by (transaction, sequence) and only returns transactions older than every one still running, so a
/// reader that tails from a checkpoint never passes an event that commits later.
/// </summary>
/// <param name="Transaction">The id of the transaction that stored the event; 0 for drivers that do not need it.</param>
/// <param name="Sequence">The event's store-wide sequence number, unique and from 1.</param>
public readonly record struct GlobalPosition(long Transaction, long Sequence) : IComparable<GlobalPosition>
{
    /// <summary>Before the first event: read-all from here returns everything.</summary>
    public static GlobalPosition Start => default;

    /// <inheritdoc />
    public int CompareTo(GlobalPosition other)
    {
        var byTransaction = Transaction.CompareTo(other.Transaction);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not after <paramref name="right"/>.</summary>
    public static bool operator <=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not before <paramref name="right"/>.</summary>
    public static bool operator >=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) >= 0;

    /// <summary>Reads the text <see cref="ToString"/> writes, for checkpoints stored as text.</summary>
    /// <exception cref="FormatException">The text is not "transaction:sequence" with two non-negative integers.</exception>
    public static GlobalPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var transaction)
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return new GlobalPosition(transaction, sequence);
        }

        throw new FormatException($"'{text}' is not a global position; expected 'transaction:sequence', for example '0:42'.");
    }

    /// <summary>"transaction:sequence", for logs and for checkpoints stored as text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Transaction}:{Sequence}");
}
