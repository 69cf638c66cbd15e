namespace Whizbang.Analyzers.Events;

/// <summary>
/// Which code fix a WHIZ104 diagnostic admits, carried in its <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>
/// so the fix provider (Whizbang.Analyzers.CodeFixes) does not have to rediscover the reason from syntax.
/// </summary>
internal static class MutableEventFix
{
    public const string PropertyName = "Whizbang.Fix";

    /// <summary>No fix: a mutable collection needs a type chosen by a person.</summary>
    public const string None = "";

    /// <summary>Replace the property's <c>set</c> accessor keyword with <c>init</c>.</summary>
    public const string SetToInit = "SetToInit";

    /// <summary>Add <c>readonly</c> to the field (not offered for a volatile or required field, which cannot be readonly).</summary>
    public const string ReadonlyField = "ReadonlyField";

    /// <summary>Add <c>readonly</c> to the record struct, which makes its positional properties init-only.</summary>
    public const string ReadonlyRecordStruct = "ReadonlyRecordStruct";
}
