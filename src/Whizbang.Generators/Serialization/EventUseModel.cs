using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Serialization;

/// <summary>An event type that will be serialized: declared in this compilation, or used by one of its aggregates.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="IsDeclaration">True at the type's own declaration (the best place to report it).</param>
internal sealed record EventUseModel(string TypeName, bool IsDeclaration, LocationInfo? Location);
