namespace Whizbang.Generators.Shared;

internal static class GeneratorInfo
{
    public const string Name = "Whizbang.Generators";

    public static readonly string Version = typeof(GeneratorInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string GeneratedCodeAttribute => $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Name}\", \"{Version}\")]";
}
