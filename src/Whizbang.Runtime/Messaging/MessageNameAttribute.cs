namespace Whizbang.Messaging;

/// <summary>
/// Gives a message a stable name that survives renames and moves of its CLR type. Without it the
/// name is the type's name without its namespace (nested types joined with '.').
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class MessageNameAttribute(string name) : Attribute
{
    /// <summary>The stable name stored with the message and sent over the wire.</summary>
    public string Name { get; } = name;
}
