namespace Whizbang.Postgres;

/// <summary>
/// The schema name is written into SQL text (identifiers cannot be parameters), so only plain lowercase identifiers
/// are accepted: nothing to escape, and the name means the same quoted or unquoted.
/// </summary>
internal static class PostgresIdentifier
{
    // NAMEDATALEN - 1: PostgreSQL would silently truncate a longer name.
    public const int MaxLength = 63;

    private static readonly System.Buffers.SearchValues<char> AllowedTail = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    public static void Validate(string? name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' cannot be used as a schema name: use 1 to {MaxLength} lowercase ASCII letters, digits and underscores, starting with a letter or an underscore and not with 'pg_'.",
                parameterName);
        }
    }

    public static bool IsValid(string name)
        => name.Length is > 0 and <= MaxLength && IsStart(name[0]) && !name.AsSpan(1).ContainsAnyExcept(AllowedTail) && !name.StartsWith("pg_", StringComparison.Ordinal);

    public static string Quote(string name) => '"' + name + '"';

    private static bool IsStart(char c) => c is (>= 'a' and <= 'z') or '_';
}
