namespace Whizbang.Messaging;

/// <summary>The result of a message that returns nothing, so one pipeline shape serves every kind.</summary>
public readonly record struct Unit
{
    /// <summary>The only value.</summary>
    public static readonly Unit Value;
}
