namespace Whizbang.Generators.Aggregates;

/// <summary>A type an aggregate is nested in, reopened as a partial declaration.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);
