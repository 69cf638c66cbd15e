namespace Whizbang.Aot.Tests.Infrastructure;

/// <summary>Runs the same dotnet host that runs these tests, as if from a fresh shell.</summary>
internal static class DotNetCli
{
    // `dotnet test` points its own MSBuild at the SDK through these; a child CLI must resolve its own.
    private static readonly string[] InheritedMSBuildVariables =
    [
        "MSBuildExtensionsPath",
        "MSBuildSDKsPath",
        "MSBUILD_EXE_PATH",
        "MSBuildLoadMicrosoftTargetsReadOnly",
    ];

    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var environment = InheritedMSBuildVariables.ToDictionary(name => name, string? (_) => null);
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return ProcessRunner.RunAsync(Host, arguments, workingDirectory, timeout, environment);
    }
}
