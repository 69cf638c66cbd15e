using System.Text.Json;

namespace Whizbang.Projections;

/// <summary>
/// A page of read-model documents of one tenant: those whose top-level JSON properties equal the filters' values,
/// ordered by id (ordinal), after <see cref="AfterId"/> (keyset paging: pass the last id of the previous page).
/// </summary>
public sealed record DocumentQuery
{
    /// <summary>The most documents a page may hold.</summary>
    public const int MaxTake = 1000;

    /// <summary>Every filter must hold (AND).</summary>
    public IReadOnlyList<DocumentFilter> Filters { get; init; } = [];

    /// <summary>Only documents whose id sorts after this one; null for the first page.</summary>
    public string? AfterId { get; init; }

    /// <summary>The most documents to return, 1 to <see cref="MaxTake"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to <see cref="MaxTake"/>.</exception>
    public int Take
    {
        get;
        init => field = value is >= 1 and <= MaxTake
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Take), value, $"A page holds 1 to {MaxTake} documents.");
    } = 100;

    /// <summary>This query with one more filter: the top-level JSON property <paramref name="property"/> equals <paramref name="value"/>.</summary>
    public DocumentQuery Where(string property, string? value) => this with { Filters = [.. Filters, DocumentFilter.Equal(property, value)] };

    /// <inheritdoc cref="Where(string, string?)"/>
    public DocumentQuery Where(string property, long value) => this with { Filters = [.. Filters, DocumentFilter.Equal(property, value)] };

    /// <inheritdoc cref="Where(string, string?)"/>
    public DocumentQuery Where(string property, decimal value) => this with { Filters = [.. Filters, DocumentFilter.Equal(property, value)] };

    /// <inheritdoc cref="Where(string, string?)"/>
    public DocumentQuery Where(string property, bool value) => this with { Filters = [.. Filters, DocumentFilter.Equal(property, value)] };
}

/// <summary>
/// A document's top-level JSON property (its name as stored, after the JSON context's naming policy) equals a JSON
/// scalar. Drivers compare JSON values, so <c>2</c> and <c>2.0</c> are equal and a string never equals a number.
/// </summary>
public sealed record DocumentFilter
{
    /// <summary>The longest property name accepted.</summary>
    public const int MaxPropertyLength = 128;

    private DocumentFilter(string property, JsonValueKind kind, string? value)
    {
        Property = property;
        Kind = kind;
        Value = value;
    }

    /// <summary>The JSON property name.</summary>
    public string Property { get; }

    /// <summary><see cref="JsonValueKind.String"/>, <see cref="JsonValueKind.Number"/>, <see cref="JsonValueKind.True"/>, <see cref="JsonValueKind.False"/> or <see cref="JsonValueKind.Null"/>.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>The string, or the number in invariant JSON form; null for booleans and null.</summary>
    public string? Value { get; }

    /// <summary>The value as a JSON literal (<c>"text"</c>, <c>12.5</c>, <c>true</c>, <c>null</c>).</summary>
    public string ToJson() => Kind switch
    {
        JsonValueKind.String => $"\"{JsonEncodedText.Encode(Value!).Value}\"",
        JsonValueKind.Number => Value!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>The property equals the string <paramref name="value"/>, or is null (or missing) when it is null.</summary>
    public static DocumentFilter Equal(string property, string? value)
        => new(ValidProperty(property), value is null ? JsonValueKind.Null : JsonValueKind.String, value);

    /// <summary>The property equals the number <paramref name="value"/>.</summary>
    public static DocumentFilter Equal(string property, long value)
        => new(ValidProperty(property), JsonValueKind.Number, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The property equals the number <paramref name="value"/>.</summary>
    public static DocumentFilter Equal(string property, decimal value)
        => new(ValidProperty(property), JsonValueKind.Number, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The property equals <paramref name="value"/>.</summary>
    public static DocumentFilter Equal(string property, bool value)
        => new(ValidProperty(property), value ? JsonValueKind.True : JsonValueKind.False, null);

    private static string ValidProperty(string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        if (property.Length > MaxPropertyLength || property.Any(c => char.IsControl(c) || c is '"' or '\\'))
        {
            throw new ArgumentException(
                $"A filtered property is a JSON property name of 1 to {MaxPropertyLength} characters without quotes, backslashes or control characters; got '{property}'.",
                nameof(property));
        }

        return property;
    }
}

/// <summary>A page of documents and where the next one starts.</summary>
/// <typeparam name="TDocument">The document type.</typeparam>
/// <param name="Documents">The documents, ordered by id.</param>
/// <param name="NextAfterId">The id to pass as <see cref="DocumentQuery.AfterId"/> for the next page; null when this page is the last.</param>
public sealed record DocumentPage<TDocument>(IReadOnlyList<TDocument> Documents, string? NextAfterId);
