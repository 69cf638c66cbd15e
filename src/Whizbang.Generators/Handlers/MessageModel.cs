using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>A message type as the generator sees it.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="ResultTypeName">Fully qualified result type, or null for commands without a result and events.</param>
internal sealed record MessageModel(
    string TypeName,
    string Name,
    MessageKindModel Kind,
    string? ResultTypeName,
    string? OwningDomain,
    LocationInfo? Location);
