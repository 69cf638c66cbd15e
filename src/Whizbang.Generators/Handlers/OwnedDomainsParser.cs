using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>Reads the <c>[assembly: OwnsDomain("...")]</c> attributes of one file. Never writes code.</summary>
internal static class OwnedDomainsParser
{
    public static OwnedDomainsModel Parse(ImmutableArray<AttributeData> attributes, CancellationToken cancellationToken)
    {
        var domains = new List<string>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // An argument that is not a constant string is the compiler's error to report.
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
            {
                continue;
            }

            var domain = attribute.ConstructorArguments[0].Value as string;
            if (string.IsNullOrWhiteSpace(domain))
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.EmptyOwnedDomain,
                    LocationInfo.From(attribute.ApplicationSyntaxReference, cancellationToken), domain is null ? "null" : $"\"{domain}\""));
                continue;
            }

            domains.Add(domain!);
        }

        return OwnedDomainsModel.Combine([new OwnedDomainsModel(domains.ToEquatableArray(), diagnostics.ToEquatableArray())]);
    }
}
