using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Serialization;

/// <summary>A <c>JsonSerializerContext</c> of the compilation and every type its <c>[JsonSerializable]</c> roots reach.</summary>
/// <param name="ContextName">Its name, for messages.</param>
/// <param name="CoveredTypes">Fully qualified names (with <c>global::</c>) of the types it has metadata for, sorted.</param>
internal sealed record JsonContextModel(string ContextName, EquatableArray<string> CoveredTypes);
