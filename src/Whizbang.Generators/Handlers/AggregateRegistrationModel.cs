using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>An aggregate whose repository the registry registers (its partial class is completed by the aggregate generator).</summary>
/// <param name="TypeName">Fully qualified with <c>global::</c>.</param>
/// <param name="Name">Its stable name, the prefix of its stream ids.</param>
/// <param name="OwningDomain">The domain from <c>[OwnedBy]</c>, or null.</param>
internal sealed record AggregateRegistrationModel(string TypeName, string Name, string? OwningDomain, LocationInfo? Location);
