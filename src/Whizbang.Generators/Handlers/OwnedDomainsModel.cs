using System.Collections.Generic;
using System.Linq;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>The domains a compilation declares with <c>[assembly: OwnsDomain]</c>, and the declarations it cannot use.</summary>
/// <param name="Domains">Distinct and sorted (ordinal); empty when none is declared, which means the project owns every domain.</param>
internal sealed record OwnedDomainsModel(EquatableArray<string> Domains, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static readonly OwnedDomainsModel None = new(EquatableArray<string>.Empty, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>Joins the declarations of every file into the compilation's.</summary>
    public static OwnedDomainsModel Combine(IEnumerable<OwnedDomainsModel> files)
    {
        var all = files.ToList();
        return new OwnedDomainsModel(
            all.SelectMany(f => f.Domains).Distinct(System.StringComparer.Ordinal).OrderBy(d => d, System.StringComparer.Ordinal).ToEquatableArray(),
            all.SelectMany(f => f.Diagnostics).ToEquatableArray());
    }
}
