using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>A concrete event type of the compilation or a referenced assembly, and what a method may take it as.</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="Supertypes">Its base classes and interfaces that are events (<c>IEvent</c> included), fully qualified, sorted.</param>
internal sealed record EventTypeModel(string TypeName, EquatableArray<string> Supertypes);
