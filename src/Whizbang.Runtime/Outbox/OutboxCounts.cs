namespace Whizbang.Outbox;

/// <summary>A snapshot of the message store, for health checks, metrics and tests.</summary>
/// <param name="Pending">Outbox messages not yet sent (leased or not).</param>
/// <param name="Leased">Of those, how many a relay holds under an unexpired lease.</param>
/// <param name="Sent">Sent messages not yet purged.</param>
/// <param name="DeadLetters">Dead letters of either origin.</param>
/// <param name="InboxEntries">Inbox entries not yet purged.</param>
public sealed record OutboxCounts(long Pending, long Leased, long Sent, long DeadLetters, long InboxEntries);
