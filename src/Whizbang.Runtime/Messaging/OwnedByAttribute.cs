namespace Whizbang.Messaging;

/// <summary>
/// Names the domain (bounded context) that owns a message. Commands and queries run in the service
/// that owns their domain; events are published by it. The generator emits the ownership map from this.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class OwnedByAttribute(string domain) : Attribute
{
    /// <summary>The owning domain, for example <c>"Orders"</c>.</summary>
    public string Domain { get; } = domain;
}
