namespace Whizbang.Generators.Handlers;

/// <summary>Facts about the compilation the output depends on.</summary>
/// <param name="RegistryName">The generated registry's class name, unique per assembly.</param>
/// <param name="EmitRegistry">True for applications (or when <c>WhizbangGenerateRegistry</c> is set): they own the complete handler set.</param>
internal sealed record CompilationModel(string RegistryName, bool EmitRegistry, bool ReferencesRuntime);
