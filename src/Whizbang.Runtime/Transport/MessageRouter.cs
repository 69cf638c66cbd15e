using Whizbang.Dispatch;
using Whizbang.Messaging;

namespace Whizbang.Transport;

/// <summary>
/// Routing by ownership: a message whose domain this service owns runs here; another domain's command travels to
/// that domain's command topic; events travel from their owning service to its event topic, and every service with
/// a handler of the event subscribes to that topic. Messages without <c>[OwnedBy]</c> stay in process.
/// </summary>
public sealed class MessageRouter
{
    private readonly HashSet<Type> _handledHere;

    internal MessageRouter(MessagingOptions options, IMessageCatalog catalog, IEnumerable<Type> handledHere)
    {
        Options = options;
        _handledHere = [.. handledHere];
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var message in catalog.Messages)
        {
            if (message.OwningDomain is { } domain && _handledHere.Contains(message.MessageType)
                && (message.Kind == MessageKind.Event || Owns(domain)))
            {
                topics.Add(DestinationOf(message)!);
            }
        }

        SubscribedTopics = [.. topics];
    }

    /// <summary>The settings routing follows.</summary>
    public MessagingOptions Options { get; }

    /// <summary>
    /// The topics this service consumes: the command topics of its domains that have handlers here, and the event
    /// topics of every domain with an event handled here (its own included: with a transport, events are delivered
    /// through it everywhere).
    /// </summary>
    public IReadOnlyList<string> SubscribedTopics { get; }

    /// <summary>True when this service owns <paramref name="domain"/>.</summary>
    public bool Owns(string domain) => Options.OwnedDomains.Contains(domain);

    /// <summary>True when a handler of <paramref name="messageType"/> exists in this service.</summary>
    public bool HandlesHere(Type messageType) => _handledHere.Contains(messageType);

    /// <summary>Where <paramref name="message"/> travels: its owner's command or event topic; null when it has no owner and stays in process.</summary>
    public string? DestinationOf(MessageDescriptor message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.OwningDomain is not { } domain ? null
            : message.Kind == MessageKind.Event ? Options.EventTopic(domain)
            : Options.CommandTopic(domain);
    }
}
