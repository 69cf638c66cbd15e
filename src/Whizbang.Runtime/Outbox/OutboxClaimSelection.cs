namespace Whizbang.Outbox;

/// <summary>
/// The ordering half of <see cref="IMessageStore.ClaimAsync"/>'s rule, applied to unsent rows read in sequence
/// order: a row is taken when it is available (due, and not leased to another owner) and no earlier row with its
/// destination and partition key was passed over, so one key's messages always go out in order. Whether a row is
/// available is decided in SQL, where the same condition guards the lease update. Shared by the database drivers.
/// </summary>
/// <param name="maxCount">How many rows the claim may take.</param>
public sealed class OutboxClaimSelection(int maxCount)
{
    private readonly HashSet<(string Destination, string PartitionKey)> _blocked = [];

    /// <summary>The sequences taken, in order.</summary>
    public List<long> Sequences { get; } = [];

    /// <summary>True when nothing more can be taken.</summary>
    public bool IsFull => Sequences.Count == maxCount;

    /// <summary>Takes the row, or passes over it and holds back the later rows of its key.</summary>
    public void Consider(long sequence, string destination, string partitionKey, bool available)
    {
        var key = (destination, partitionKey);
        if (!available || IsFull || _blocked.Contains(key))
        {
            _blocked.Add(key);
            return;
        }

        Sequences.Add(sequence);
    }
}
