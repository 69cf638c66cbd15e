namespace Whizbang.Tests.Shared;

/// <summary>Finds the checkout these tests were built from, so no machine path is ever written down.</summary>
internal static class RepositoryRoot
{
    private const string Marker = "Whizbang.sln";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above '{AppContext.BaseDirectory}' contains {Marker}.");
    }
}
