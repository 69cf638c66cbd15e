namespace Whizbang.Generators.Projections;

/// <summary>What the generated <c>Apply</c> does for one event type: start a document, change it, or both.</summary>
/// <param name="EventTypeName">The parameter type of the methods, fully qualified.</param>
/// <param name="Create">The Create method for it, or null.</param>
/// <param name="Apply">The Apply method for it, or null.</param>
internal sealed record ProjectionCaseModel(string EventTypeName, ProjectionMethodModel? Create, ProjectionMethodModel? Apply);
