using Microsoft.Data.Sqlite;

namespace Whizbang.Sqlite;

/// <summary>Names the database a connection string opens, so that two components can tell whether they share one.</summary>
internal static class SqliteDatabase
{
    public static string Of(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return source.Length == 0 || source.StartsWith(':') || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? source
            : Path.GetFullPath(source);
    }
}
