using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>A message type as the generator sees it.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="ResultTypeName">Fully qualified result type, or null for commands without a result and events.</param>
/// <param name="Permissions">From <c>[RequiresPermission]</c>, in declaration order.</param>
/// <param name="IsPublic">Marked <c>[PublicMessage]</c>.</param>
/// <param name="CrossTenantReason">From <c>[CrossTenant]</c>, else null.</param>
internal sealed record MessageModel(
    string TypeName,
    string Name,
    MessageKindModel Kind,
    string? ResultTypeName,
    string? OwningDomain,
    EquatableArray<string> Permissions,
    bool IsPublic,
    string? CrossTenantReason,
    LocationInfo? Location);
