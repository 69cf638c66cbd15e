namespace Whizbang.Runtime.Tests;

/// <summary>
/// The tests that listen to Whizbang's spans, and those that must run while nothing listens (a listener sends every
/// dispatch down the full path): one collection, so xunit never runs two of them at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SpanListeners
{
    public const string Name = "Whizbang span listeners";
}
