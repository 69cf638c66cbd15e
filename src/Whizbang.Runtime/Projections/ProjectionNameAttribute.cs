namespace Whizbang.Projections;

/// <summary>
/// Gives a projection a stable name that survives renames of its class. Without it the name is the class name in
/// kebab case without a trailing "Projection" (<c>OrderSummaryProjection</c> is <c>order-summary</c>).
/// </summary>
/// <param name="name">1 to 100 lowercase ASCII letters, digits and dashes, starting with a letter.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ProjectionNameAttribute(string name) : Attribute
{
    /// <summary>The projection's name.</summary>
    public string Name { get; } = name;
}
