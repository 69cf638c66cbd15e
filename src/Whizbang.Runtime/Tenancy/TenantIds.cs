using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text;

namespace Whizbang.Tenancy;

/// <summary>The rules every tenant id and stream id follows, checked wherever one enters Whizbang.</summary>
public static class TenantIds
{
    /// <summary>The tenant of single-tenant applications.</summary>
    public const string Default = "default";

    /// <summary>The longest tenant or stream id accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// Refuses null, empty, whitespace-only, over-long ids and ids with control characters or lone surrogates (which UTF-8 databases
    /// would silently alter, so two different ids could end up stored as one).
    /// </summary>
    /// <exception cref="ArgumentException">The id breaks a rule; the message says which.</exception>
    public static void Validate([NotNull] string? value, string parameterName, string what = "tenant id")
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A {what} must be 1 to {MaxLength} characters long; got {value.Length}.", parameterName);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A {what} must not be only whitespace.", parameterName);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A {what} must not contain control characters; got U+{(int)c:X4} in '{value.Replace(c, '?')}'.", parameterName);
            }

            if (char.IsSurrogate(c) && Rune.DecodeFromUtf16(value.AsSpan(i), out _, out _) != OperationStatus.Done)
            {
                throw new ArgumentException($"A {what} must be valid UTF-16; got a lone surrogate U+{(int)c:X4} at index {i}.", parameterName);
            }

            if (char.IsHighSurrogate(c))
            {
                i++; // the pair was checked whole
            }
        }
    }
}
