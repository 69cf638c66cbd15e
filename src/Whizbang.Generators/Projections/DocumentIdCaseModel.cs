namespace Whizbang.Generators.Projections;

/// <summary>One case of the generated <c>DocumentIdFor</c>: the event type of a DocumentId method.</summary>
/// <param name="EventTypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="TakesContext">True when the method takes the <c>EventContext</c> as its last parameter.</param>
internal sealed record DocumentIdCaseModel(string EventTypeName, bool TakesContext);
