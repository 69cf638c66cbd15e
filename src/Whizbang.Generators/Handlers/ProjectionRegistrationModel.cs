using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>A projection the registry lists (its partial class is completed by the projection generator).</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="DocumentTypeName">The <c>TDocument</c> it builds, fully qualified.</param>
/// <param name="Name">Its stable name, the key of its checkpoints and documents.</param>
internal sealed record ProjectionRegistrationModel(string TypeName, string DocumentTypeName, string Name, LocationInfo? Location);
