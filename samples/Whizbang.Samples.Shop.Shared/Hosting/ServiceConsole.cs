namespace Whizbang.Samples.Shop.Hosting;

/// <summary>What a service tells the person running the sample, each line marked with the service's name.</summary>
public sealed class ServiceConsole(string service)
{
    public void WriteLine(string text) => Console.WriteLine($"[{service}] {text}");
}
