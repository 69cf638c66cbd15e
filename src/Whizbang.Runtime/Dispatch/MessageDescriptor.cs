using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>
/// A message type the generator found, with or without handlers: the source of the ownership map, and of what
/// the authorization stage and the tenant guard need to know about it.
/// </summary>
/// <param name="MessageType">The message's CLR type.</param>
/// <param name="Name">Its stable name.</param>
/// <param name="Kind">Command, query or event.</param>
/// <param name="OwningDomain">The domain from <c>[OwnedBy]</c>, or null when it declares none.</param>
public sealed record MessageDescriptor(Type MessageType, string Name, MessageKind Kind, string? OwningDomain)
{
    /// <summary>The permissions from <see cref="RequiresPermissionAttribute"/>: the principal needs every one.</summary>
    public IReadOnlyList<string> RequiredPermissions { get; init; } = [];

    /// <summary>Marked <see cref="PublicMessageAttribute"/>: anyone may send it.</summary>
    public bool IsPublic { get; init; }

    /// <summary>The reason from <see cref="Tenancy.CrossTenantAttribute"/>: its dispatch runs inside a cross-tenant grant.</summary>
    public string? CrossTenantReason { get; init; }
}
