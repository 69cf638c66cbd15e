namespace Whizbang.Outbox;

/// <summary>
/// The record that <paramref name="Consumer"/> handled message <paramref name="MessageId"/>: written in the same
/// transaction as the handler's effects, so a redelivered message is recognised and not handled again.
/// </summary>
/// <param name="Consumer">Who handled it (the service's name): services sharing a database keep separate inboxes.</param>
/// <param name="MessageId">The handled message's id.</param>
/// <param name="TenantId">The tenant the message belongs to.</param>
/// <param name="ProcessedAt">When it was handled; old entries are purged.</param>
public sealed record InboxEntry(string Consumer, Guid MessageId, string TenantId, DateTimeOffset ProcessedAt);
