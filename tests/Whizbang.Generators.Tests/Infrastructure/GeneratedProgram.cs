using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>
/// Loads compiled test assemblies into a collectible context (Whizbang.Runtime and DI come from the test
/// host) and runs their <c>public static Task&lt;string&gt; Entry.RunAsync()</c>.
/// </summary>
internal sealed class GeneratedProgram : AssemblyLoadContext
{
    private readonly Dictionary<string, byte[]> _images;

    private GeneratedProgram(Dictionary<string, byte[]> images)
        : base(isCollectible: true) => _images = images;

    public static async Task<string> RunAsync(Compilation application, params (string Name, byte[] Image)[] libraries)
    {
        var images = libraries.ToDictionary(l => l.Name, l => l.Image, StringComparer.Ordinal);
        var context = new GeneratedProgram(images);
        try
        {
            using var stream = new MemoryStream(TestCompilation.Emit(application));
            var assembly = context.LoadFromStream(stream);
            var entry = assembly.GetType("Entry") ?? throw new InvalidOperationException("The test program has no Entry class.");
            var run = entry.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            return await (Task<string>)run.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && _images.TryGetValue(name, out var image))
        {
            using var stream = new MemoryStream(image);
            return LoadFromStream(stream);
        }

        return null; // everything else resolves from the test host
    }
}
