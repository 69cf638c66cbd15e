using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Whizbang.Generators.Aggregates;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Serialization;

/// <summary>
/// Reports every event of the compilation (declared in it, or used by one of its aggregates) that no
/// <c>JsonSerializerContext</c> of the compilation covers. Silent when the compilation declares no context: the
/// events may be serialized by a context in another project. Works on models only.
/// </summary>
internal static class SerializationChecker
{
    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<JsonContextModel> contexts, ImmutableArray<EventSourcingScan> scans)
    {
        if (contexts.IsDefaultOrEmpty)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        var covered = new HashSet<string>(contexts.SelectMany(c => c.CoveredTypes), StringComparer.Ordinal);
        var names = string.Join(", ", contexts.Select(c => c.ContextName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
        var diagnostics = new List<DiagnosticInfo>();
        var uncovered = scans.SelectMany(s => s.Events)
            .Where(e => !covered.Contains(e.TypeName))
            .GroupBy(e => e.TypeName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var uses in uncovered)
        {
            // Once per event: where it is declared, else (an event of another assembly) at its first use.
            var place = uses.FirstOrDefault(e => e.IsDeclaration)
                ?? uses.OrderBy(e => e.Location?.FilePath, StringComparer.Ordinal).ThenBy(e => e.Location?.Span.Start ?? 0).First();
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.EventMissingFromJsonContext, place.Location, Display(uses.Key), names));
        }

        return diagnostics.ToEquatableArray();
    }

    private static string Display(string typeName) => typeName.StartsWith("global::", StringComparison.Ordinal) ? typeName.Substring(8) : typeName;
}
