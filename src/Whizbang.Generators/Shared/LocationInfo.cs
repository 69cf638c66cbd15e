using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Whizbang.Generators.Shared;

/// <summary>A source location without the <see cref="SyntaxTree"/>, so diagnostics do not pin trees in the cache.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation(Compilation? compilation = null)
    {
        foreach (var tree in compilation?.SyntaxTrees ?? [])
        {
            if (tree.FilePath == FilePath)
            {
                return Location.Create(tree, Span);
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }

    public static LocationInfo? From(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource && location.SourceTree is not null)
            {
                return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
            }
        }

        return null;
    }

    /// <summary>Where an attribute or other piece of syntax was written, or null when it is not in source.</summary>
    public static LocationInfo? From(SyntaxReference? reference, CancellationToken cancellationToken)
    {
        if (reference?.GetSyntax(cancellationToken).GetLocation() is not { IsInSource: true, SourceTree: not null } location)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
