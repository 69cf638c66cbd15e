namespace Whizbang.Dispatch;

internal sealed class MessageCatalog(HandlerRegistry registry) : IMessageCatalog
{
    private readonly Dictionary<Type, MessageDescriptor> _byType = registry.Messages.ToDictionary(m => m.MessageType);
    private readonly Dictionary<string, MessageDescriptor> _byName = registry.Messages.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public IReadOnlyList<MessageDescriptor> Messages => registry.Messages;

    public MessageDescriptor? Find(Type messageType) => _byType.GetValueOrDefault(messageType);

    public MessageDescriptor? FindByName(string name) => _byName.GetValueOrDefault(name);
}
