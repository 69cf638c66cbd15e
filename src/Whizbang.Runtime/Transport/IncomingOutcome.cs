namespace Whizbang.Transport;

/// <summary>What became of a received message. In every case the transport may acknowledge it.</summary>
public enum IncomingOutcome
{
    /// <summary>Its handlers ran, and their effects and its inbox entry committed together.</summary>
    Handled = 1,

    /// <summary>The inbox shows it was handled before: nothing ran again.</summary>
    Duplicate = 2,

    /// <summary>No handler of it exists in this service (an event only other services handle).</summary>
    NotHandledHere = 3,

    /// <summary>It cannot be handled (unknown, unreadable, or its handler failed every attempt): it is stored as a dead letter.</summary>
    DeadLettered = 4,
}
