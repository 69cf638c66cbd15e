namespace Whizbang.Aot.Tests.Infrastructure;

/// <summary>What a finished process wrote (stdout and stderr interleaved in arrival order) and how it exited.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString()
        => $"$ {CommandLine}{Environment.NewLine}(exit code {ExitCode} after {Duration.TotalSeconds:0.0} s){Environment.NewLine}{Output}";
}
