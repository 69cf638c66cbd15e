namespace Whizbang.Dispatch;

/// <summary>The messages this application knows, and which domain owns each: what routing decisions read.</summary>
public interface IMessageCatalog
{
    /// <summary>Every message, sorted by name.</summary>
    IReadOnlyList<MessageDescriptor> Messages { get; }

    /// <summary>The descriptor of <paramref name="messageType"/>, or null when the generator did not see it.</summary>
    MessageDescriptor? Find(Type messageType);

    /// <summary>The descriptor of the message with stable name <paramref name="name"/>, or null.</summary>
    MessageDescriptor? FindByName(string name);
}
