using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Whizbang.Generators.Tests.Infrastructure;

/// <summary>Walks a pipeline model and fails on anything that would defeat caching or pin a compilation.</summary>
internal static class ModelWalker
{
    public static void AssertPlainData(object? value, string path = "output", int depth = 0)
    {
        Assert.True(depth < 20, $"{path} nests too deeply.");
        switch (value)
        {
            case null or string or bool or int or Enum or DiagnosticDescriptor:
                return;
            case ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree:
                Assert.Fail($"{path} holds a {value.GetType().Name}; pipeline outputs must be plain, equatable data.");
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    AssertPlainData(item, $"{path}[{i++}]", depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.Namespace == "Microsoft.CodeAnalysis.Text")
        {
            return; // spans and line positions are plain structs
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertPlainData(property.GetValue(value), $"{path}.{property.Name}", depth + 1);
        }
    }
}
