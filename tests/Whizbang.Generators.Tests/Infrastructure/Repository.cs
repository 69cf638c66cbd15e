namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>The repository's root: the directory holding Whizbang.sln, above the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Whizbang.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Whizbang.sln was not found above " + AppContext.BaseDirectory);
    }
}
