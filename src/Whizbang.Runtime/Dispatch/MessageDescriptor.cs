using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>A message type the generator found, with or without handlers: the source of the ownership map.</summary>
/// <param name="MessageType">The message's CLR type.</param>
/// <param name="Name">Its stable name.</param>
/// <param name="Kind">Command, query or event.</param>
/// <param name="OwningDomain">The domain from <c>[OwnedBy]</c>, or null when it declares none.</param>
public sealed record MessageDescriptor(Type MessageType, string Name, MessageKind Kind, string? OwningDomain);
