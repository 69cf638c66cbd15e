namespace Whizbang.Transport;

/// <summary>
/// How this service takes part in distributed messaging: its name, the domains it owns, where each domain's
/// messages travel, and how the relay and consumers retry. Validated when the container starts.
/// </summary>
public sealed class MessagingOptions
{
    private readonly HashSet<string> _ownedDomains = new(StringComparer.Ordinal);

    /// <summary>
    /// The service's name: its Kafka consumer group and the owner of its inbox, so it must be the same on every
    /// replica of the service and differ between services. Required.
    /// </summary>
    public string ServiceName { get; set; } = "";

    /// <summary>
    /// The domains whose commands run here and whose events are published from here: those given to <see cref="Own"/>
    /// and, once the container starts, those the application declares with <c>[assembly: OwnsDomain("...")]</c>.
    /// </summary>
    public IReadOnlySet<string> OwnedDomains => _ownedDomains;

    /// <summary>The topic of a domain's commands: <c>{domain}.commands</c> in lower case by default.</summary>
    public Func<string, string> CommandTopic { get; set; } = static domain => domain.ToLowerInvariant() + ".commands";

    /// <summary>The topic of a domain's events: <c>{domain}.events</c> in lower case by default.</summary>
    public Func<string, string> EventTopic { get; set; } = static domain => domain.ToLowerInvariant() + ".events";

    /// <summary>The topic that a topic's dead letters go to: <c>{topic}.dead-letter</c> by default.</summary>
    public Func<string, string> DeadLetterTopic { get; set; } = static topic => topic + ".dead-letter";

    /// <summary>How many outbox messages the relay leases and sends at once.</summary>
    public int RelayBatchSize { get; set; } = 500;

    /// <summary>How long a relay holds the messages it claimed; another replica takes them over after that.</summary>
    public TimeSpan RelayLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the relay looks for messages written by other processes (this process's writes wake it at once).</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many failed sends of one message the relay makes before it dead-letters it.</summary>
    public int MaxSendAttempts { get; set; } = 10;

    /// <summary>How many times a consumer runs a failing handler before it dead-letters the message.</summary>
    public int MaxHandlerAttempts { get; set; } = 3;

    /// <summary>The first retry delay of a send or a handler; each later one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sent outbox messages and inbox entries are kept (redeliveries older than this are handled again).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old outbox messages and inbox entries are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Declares that this service owns <paramref name="domains"/> (the names used in <c>[OwnedBy]</c>), in addition to
    /// those its project declares with <c>[assembly: OwnsDomain("...")]</c>. Not needed when the project declares them:
    /// the declaration also tells the generator which commands are handled elsewhere.
    /// </summary>
    public MessagingOptions Own(params string[] domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var domain in domains)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(domain, nameof(domains));
            _ownedDomains.Add(domain);
        }

        return this;
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first): exponential, capped.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }

    /// <summary>
    /// Adds the domains the application's generated registry declares (<c>HandlerRegistry.OwnedDomains</c>, from
    /// <c>[assembly: OwnsDomain]</c>) to those given to <see cref="Own"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A declared domain is null, empty or whitespace (only a hand-written registry can declare one).</exception>
    internal MessagingOptions WithDeclaredDomains(IReadOnlyList<string> declared)
    {
        foreach (var domain in declared)
        {
            Require(!string.IsNullOrWhiteSpace(domain), "the handler registry declares an empty owned domain; every declared domain must be a name used in [OwnedBy].");
            _ownedDomains.Add(domain);
        }

        return this;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting that cannot work.</summary>
    internal MessagingOptions Validated()
    {
        Require(!string.IsNullOrWhiteSpace(ServiceName) && ServiceName.Length <= Outbox.MessageWrites.MaxTextLength, "ServiceName must be set (it names the consumer group and the inbox).");
        Require(_ownedDomains.Count > 0,
            "the service owns no domain; declare the domains of its project with [assembly: OwnsDomain(\"Orders\")], or call Own(\"Orders\", ...) in UseMessaging.");
        Require(CommandTopic is not null && EventTopic is not null && DeadLetterTopic is not null, "the topic naming functions must be set.");
        Require(RelayBatchSize is > 0 and <= 10_000, "RelayBatchSize must be between 1 and 10000.");
        Require(RelayLease > TimeSpan.Zero && RelayPollInterval > TimeSpan.Zero, "RelayLease and RelayPollInterval must be positive.");
        Require(MaxSendAttempts > 0 && MaxHandlerAttempts > 0, "MaxSendAttempts and MaxHandlerAttempts must be at least 1.");
        Require(RetryDelay >= TimeSpan.Zero && MaxRetryDelay >= RetryDelay, "RetryDelay must not be negative nor above MaxRetryDelay.");
        Require(Retention > TimeSpan.Zero && PurgeInterval > TimeSpan.Zero, "Retention and PurgeInterval must be positive.");
        return this;
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Messaging is misconfigured: " + problem);
        }
    }
}
