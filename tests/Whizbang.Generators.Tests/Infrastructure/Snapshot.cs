using System.Runtime.CompilerServices;
using System.Text;

namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>
/// Approved-file snapshots without Verify: generated source is compared with <c>Snapshots/{test}.{hint}.verified.cs</c>.
/// A mismatch writes <c>.received.cs</c> beside it and fails with a diff; <c>WHIZBANG_ACCEPT_SNAPSHOTS=1</c> approves.
/// </summary>
internal static class Snapshot
{
    public static void Match(GeneratorRun run, string testName, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var accept = Environment.GetEnvironmentVariable("WHIZBANG_ACCEPT_SNAPSHOTS") == "1";
        var failures = new StringBuilder();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);

        foreach (var generated in run.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            var fileName = $"{testName}.{Path.GetFileNameWithoutExtension(generated.HintName)}";
            var verified = Path.Combine(directory, fileName + ".verified.cs");
            var received = Path.Combine(directory, fileName + ".received.cs");
            expectedFiles.Add(Path.GetFileName(verified));
            var actual = Normalize(generated.SourceText.ToString());

            if (accept)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            var approved = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
            if (approved == actual)
            {
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            failures.AppendLine(approved is null
                ? $"No approved snapshot {Path.GetFileName(verified)}; received:\n{actual}"
                : $"{Path.GetFileName(verified)} differs:\n{Diff(approved, actual)}");
        }

        var stale = Directory.Exists(directory)
            ? Directory.GetFiles(directory, testName + ".*.verified.cs").Select(Path.GetFileName).Where(f => !expectedFiles.Contains(f!)).ToList()
            : [];
        foreach (var file in stale)
        {
            if (accept)
            {
                File.Delete(Path.Combine(directory, file!));
            }
            else
            {
                failures.AppendLine($"{file} is approved but no longer generated.");
            }
        }

        Assert.True(failures.Length == 0, failures + "\nRun the tests with WHIZBANG_ACCEPT_SNAPSHOTS=1 to approve the new output.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');

    /// <summary>A line diff good enough to read in a test failure: the first differing region with context.</summary>
    private static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var start = 0;
        while (start < left.Length && start < right.Length && left[start] == right[start])
        {
            start++;
        }

        var endLeft = left.Length - 1;
        var endRight = right.Length - 1;
        while (endLeft >= start && endRight >= start && left[endLeft] == right[endRight])
        {
            endLeft--;
            endRight--;
        }

        var diff = new StringBuilder($"@@ line {start + 1} @@\n");
        for (var i = Math.Max(0, start - 2); i < start; i++)
        {
            diff.AppendLine("  " + left[i]);
        }

        for (var i = start; i <= endLeft; i++)
        {
            diff.AppendLine("- " + left[i]);
        }

        for (var i = start; i <= endRight; i++)
        {
            diff.AppendLine("+ " + right[i]);
        }

        return diff.ToString();
    }
}
