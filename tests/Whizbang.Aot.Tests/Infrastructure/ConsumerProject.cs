using System.Xml.Linq;

namespace Whizbang.Aot.Tests.Infrastructure;

/// <summary>
/// Writes a brand-new application that knows Whizbang only as a package: nothing of the repository's build
/// (Directory.*.props, central package versions, project references) reaches it.
/// </summary>
internal static class ConsumerProject
{
    public const string ExpectedReply = "Reply: pong: hello";

    public const string UnownedMessage = "Consumer.Unowned";

    private const string UpstreamSource = "https://api.nuget.org/v3/index.json";

    private const string DependencyInjectionVersion = "10.0.0";

    /// <summary>Writes the project into <paramref name="directory"/>; its packages restore into <paramref name="packagesFolder"/>.</summary>
    public static void Write(string directory, string feed, string packagesFolder, string whizbangVersion)
    {
        Directory.CreateDirectory(directory);

        // Empty files stop MSBuild's upward search, in case a Directory.*.props sits somewhere above the temp folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");

        // A private packages folder, so the package just packed is the one restored, never a cached copy of the same version.
        new XDocument(
            new XElement(
                "configuration",
                new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packagesFolder))),
                new XElement(
                    "packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "whizbang-under-test"), new XAttribute("value", feed)),
                    new XElement("add", new XAttribute("key", "nuget.org"), new XAttribute("value", UpstreamSource)))))
            .Save(Path.Combine(directory, "nuget.config"));

        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Whizbang.Runtime" Version="{whizbangVersion}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="{DependencyInjectionVersion}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Whizbang.Messaging;

            namespace Consumer;

            public static class Program
            {
                public static async Task Main()
                {
                    // AddWhizbang() without arguments exists only if the packaged generator ran on this project.
                    using var services = new ServiceCollection().AddWhizbang().BuildServiceProvider();
                    var reply = await services.GetRequiredService<IWhizbang>().Send(new Ping("hello"));
                    Console.WriteLine($"Reply: {reply}");
                }
            }

            [OwnedBy("Demo")]
            public sealed record Ping(string Text) : ICommand<string>;

            public sealed class PingHandler : ICommandHandler<Ping, string>
            {
                public ValueTask<string> HandleAsync(Ping command, CancellationToken cancellationToken)
                    => ValueTask.FromResult($"pong: {command.Text}");
            }

            // Deliberately without [OwnedBy]: the packaged analyzer must report WHIZ101 here.
            public sealed record Unowned(string Text) : IEvent;
            """);
    }
}
