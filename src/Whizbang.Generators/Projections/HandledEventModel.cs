namespace Whizbang.Generators.Projections;

/// <summary>The event parameter type of a Create or Apply method: a concrete event, a base event type or an event interface.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="IsConcrete">True for a type events are instances of (not an interface or abstract class): it is read itself.</param>
/// <param name="MayHaveSubtypes">True when other event types may derive from it (interfaces, abstract and unsealed classes): they are read too.</param>
internal sealed record HandledEventModel(string TypeName, bool IsConcrete, bool MayHaveSubtypes);
