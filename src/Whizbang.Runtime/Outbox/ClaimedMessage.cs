namespace Whizbang.Outbox;

/// <summary>An outbox message leased to one relay until <paramref name="LeaseExpiresAt"/>.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many sends of it failed before this claim.</param>
/// <param name="LeaseExpiresAt">After this instant another relay may claim it again.</param>
public sealed record ClaimedMessage(OutboxMessage Message, int Attempts, DateTimeOffset LeaseExpiresAt);
