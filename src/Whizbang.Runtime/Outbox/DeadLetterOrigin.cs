namespace Whizbang.Outbox;

/// <summary>Which side gave up on a <see cref="DeadLetter"/>.</summary>
public enum DeadLetterOrigin
{
    /// <summary>The relay could not send it.</summary>
    Outbox = 1,

    /// <summary>A consumer could not handle it (poison, or out of retries).</summary>
    Inbox = 2,
}
