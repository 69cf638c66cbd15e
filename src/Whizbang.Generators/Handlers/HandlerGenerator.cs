using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>
/// Finds messages and handlers (in this project and in referenced assemblies that use Whizbang) and emits the
/// dispatch registry. The pipeline only: parsing is in <see cref="HandlerParser"/>, emission in <see cref="HandlerEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HandlerGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, so tests can assert what the driver cached.</summary>
    public static class Steps
    {
        public const string Types = "Whizbang.Types";
        public const string References = "Whizbang.References";
        public const string Compilation = "Whizbang.Compilation";
        public const string OwnedDomains = "Whizbang.OwnedDomains";
        public const string Ownership = "Whizbang.Ownership";
        public const string Registry = "Whizbang.Registry";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax { BaseList: not null } and (ClassDeclarationSyntax or RecordDeclarationSyntax or StructDeclarationSyntax),
                static (syntax, ct) => ParseDeclaration(syntax, ct))
            .Where(static scan => scan is not null)
            .Select(static (scan, _) => scan!)
            .WithTrackingName(Steps.Types);

        var references = context.CompilationProvider
            .Select(static (compilation, ct) => ScanReferences(compilation, ct))
            .WithTrackingName(Steps.References);

        var compilationModel = context.CompilationProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => DescribeCompilation(pair.Left, pair.Right))
            .WithTrackingName(Steps.Compilation);

        // [assembly: OwnsDomain] is written on a compilation unit; only files carrying it are parsed.
        var ownership = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.OwnsDomainAttribute,
                static (node, _) => node is CompilationUnitSyntax,
                static (attributeContext, ct) => OwnedDomainsParser.Parse(attributeContext.Attributes, ct))
            .WithTrackingName(Steps.OwnedDomains)
            .Collect()
            .Select(static (files, _) => OwnedDomainsModel.Combine(files))
            .WithTrackingName(Steps.Ownership);

        var registry = types.Collect()
            .Combine(references)
            .Combine(compilationModel)
            .Combine(ownership.Select(static (model, _) => model.Domains))
            .Select(static (input, _) => RegistryBuilder.Build(input.Left.Right, input.Right, input.Left.Left.Left, input.Left.Left.Right))
            .WithTrackingName(Steps.Registry);

        // Diagnostics are mapped back onto the current syntax trees (so #pragma applies): only this cheap step
        // sees the Compilation, and it runs after every edit; source emission below stays cached.
        var diagnostics = types.Select(static (scan, _) => scan.Diagnostics).Where(static d => d.Count > 0).Collect()
            .Combine(ownership.Select(static (model, _) => model.Diagnostics))
            .Combine(registry.Select(static (model, _) => model.Diagnostics))
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (spc, input) =>
        {
            var (((perType, declarations), whole), compilation) = input;
            foreach (var diagnostic in perType.SelectMany(d => d).Concat(declarations).Concat(whole))
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
            }
        });

        context.RegisterSourceOutput(registry.Combine(compilationModel), static (spc, input) =>
        {
            var (model, compilation) = input;
            if (!compilation.EmitRegistry || !compilation.ReferencesRuntime)
            {
                return;
            }

            foreach (var (hintName, source) in HandlerEmitter.Emit(model))
            {
                spc.AddSource(hintName, source);
            }
        });
    }

    private static TypeScan? ParseDeclaration(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        // A partial type has several declarations; only the first one with a base list (what the predicate matched) speaks for it.
        var first = type.DeclaringSyntaxReferences.FirstOrDefault(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null });
        if (first is null || first.SyntaxTree != context.Node.SyntaxTree || first.Span != context.Node.Span)
        {
            return null;
        }

        return HandlerParser.Parse(type, fromReference: false, cancellationToken);
    }

    /// <summary>Handlers and messages of referenced assemblies that themselves reference Whizbang.Runtime.</summary>
    private static EquatableArray<TypeScan> ScanReferences(Compilation compilation, CancellationToken cancellationToken)
    {
        var scans = new List<TypeScan>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols.OrderBy(a => a.Identity.Name, System.StringComparer.Ordinal))
        {
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == KnownTypeNames.RuntimeAssembly)))
            {
                continue;
            }

            ScanNamespace(assembly.GlobalNamespace, scans, cancellationToken);
        }

        return scans.ToEquatableArray();
    }

    private static void ScanNamespace(INamespaceSymbol ns, List<TypeScan> scans, CancellationToken cancellationToken)
    {
        foreach (var member in ns.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol child)
            {
                ScanNamespace(child, scans, cancellationToken);
            }
            else if (member is INamedTypeSymbol type)
            {
                ScanType(type, scans, cancellationToken);
            }
        }
    }

    private static void ScanType(INamedTypeSymbol type, List<TypeScan> scans, CancellationToken cancellationToken)
    {
        if (type.DeclaredAccessibility != Accessibility.Public)
        {
            return;
        }

        if (HandlerParser.Parse(type, fromReference: true, cancellationToken) is { } scan)
        {
            scans.Add(scan);
        }

        foreach (var nested in type.GetTypeMembers())
        {
            ScanType(nested, scans, cancellationToken);
        }
    }

    private static CompilationModel DescribeCompilation(Compilation compilation, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options)
    {
        options.GlobalOptions.TryGetValue("build_property.WhizbangGenerateRegistry", out var forced);
        var isApplication = compilation.Options.OutputKind is not (OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule);
        var emit = forced is { Length: > 0 } ? string.Equals(forced, "true", System.StringComparison.OrdinalIgnoreCase) : isApplication;
        var referencesRuntime = compilation.GetTypeByMetadataName("Whizbang.Dispatch.HandlerRegistry") is not null;
        return new CompilationModel(RegistryName(compilation.AssemblyName ?? "Application"), emit, referencesRuntime);
    }

    private static string RegistryName(string assemblyName)
    {
        var builder = new StringBuilder();
        var upper = true;
        foreach (var c in assemblyName)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.Append("HandlerRegistry").ToString();
    }
}
