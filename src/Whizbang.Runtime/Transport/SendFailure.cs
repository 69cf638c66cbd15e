namespace Whizbang.Transport;

/// <summary>A message the transport could not deliver.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="Error">What went wrong, for the outbox's record and the logs.</param>
/// <param name="IsPermanent">True when sending it again cannot succeed (for example it is too large): it is dead-lettered at once.</param>
public sealed record SendFailure(Guid MessageId, string Error, bool IsPermanent);
