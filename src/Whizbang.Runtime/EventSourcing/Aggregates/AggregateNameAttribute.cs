namespace Whizbang.EventSourcing.Aggregates;

/// <summary>
/// Gives an aggregate a stable name, the prefix of its stream ids (<c>{name}-{id}</c>), that survives renames
/// and moves of the CLR type. Without it the name is the type's name in lower case with words separated by
/// '-' (<c>ShoppingCart</c> becomes <c>shopping-cart</c>). Changing it later orphans every stored stream.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AggregateNameAttribute(string name) : Attribute
{
    /// <summary>The longest aggregate name accepted, in characters (the rest of the 200-character stream id is the aggregate id's).</summary>
    public const int MaxLength = 100;

    /// <summary>The stable name.</summary>
    public string Name { get; } = name;
}
