using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Serialization;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Projections;

/// <summary>
/// Reports every projection of the compilation whose document type no <c>JsonSerializerContext</c> of the compilation
/// covers, by the same rules as the event check. Silent when the compilation declares no context: the documents may be
/// serialized by a context in another project. Works on models only.
/// </summary>
internal static class DocumentSerializationChecker
{
    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<JsonContextModel> contexts, ImmutableArray<DocumentUseModel> documents)
    {
        if (contexts.IsDefaultOrEmpty || documents.IsDefaultOrEmpty)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        var covered = new HashSet<string>(contexts.SelectMany(c => c.CoveredTypes), StringComparer.Ordinal);
        var names = string.Join(", ", contexts.Select(c => c.ContextName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
        return documents
            .Where(d => !covered.Contains(d.DocumentTypeName))
            .OrderBy(d => d.ProjectionName, StringComparer.Ordinal)
            .Select(d => DiagnosticInfo.Create(WhizbangDiagnostics.DocumentMissingFromJsonContext, d.Location, Display(d.DocumentTypeName), d.ProjectionName, names))
            .ToEquatableArray();
    }

    private static string Display(string typeName) => typeName.StartsWith("global::", StringComparison.Ordinal) ? typeName.Substring(8) : typeName;
}
