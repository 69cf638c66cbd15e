namespace Whizbang.Aot.Tests.Infrastructure;

/// <summary>A uniquely named directory under the system temp folder, outside the repository, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create(string purpose)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"whizbang-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    public string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    public void Dispose()
    {
        // A build server that has just exited may still be closing files: retry briefly, then leave the rest to the OS.
        for (var attempt = 1; attempt <= 5 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200 * attempt);
            }
        }
    }
}
