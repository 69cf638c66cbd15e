using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>A document type a projection of the compilation stores, for the serialization check.</summary>
/// <param name="DocumentTypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="ProjectionName">The projection's type, as messages show it.</param>
/// <param name="Location">The projection's declaration, where a missing document is reported.</param>
internal sealed record DocumentUseModel(string DocumentTypeName, string ProjectionName, LocationInfo? Location);
