namespace Whizbang.Generators.Projections;

/// <summary>How the generated code calls one of the user's Create or Apply methods.</summary>
/// <param name="TakesContext">True when it takes the <c>EventContext</c> as its last parameter.</param>
/// <param name="ReturnsDocument">True when it returns the document (always for Create; for Apply, false when it returns void).</param>
internal sealed record ProjectionMethodModel(bool TakesContext, bool ReturnsDocument);
