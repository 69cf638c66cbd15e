using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Whizbang.Analyzers.Events;

/// <summary>
/// The framework collection types whose contents can change through their own API, resolved once per compilation.
/// Read-only views (<c>IReadOnlyList&lt;T&gt;</c>, <c>IEnumerable&lt;T&gt;</c>, <c>ReadOnlyCollection&lt;T&gt;</c>),
/// <c>System.Collections.Immutable</c> and <c>System.Collections.Frozen</c> are not in the list.
/// </summary>
internal sealed class MutableCollectionTypes
{
    private const int MaxDepth = 8;

    private static readonly string[] MetadataNames =
    [
        "System.Collections.Generic.List`1",
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedList`2",
        "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.Queue`1",
        "System.Collections.Generic.Stack`1",
        "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.Generic.OrderedDictionary`2",
        "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.ISet`1",
        "System.Collections.ObjectModel.Collection`1",
        "System.Collections.ObjectModel.ObservableCollection`1",
        "System.Collections.ObjectModel.KeyedCollection`2",
        "System.Collections.Concurrent.ConcurrentDictionary`2",
        "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Concurrent.ConcurrentStack`1",
        "System.Collections.Concurrent.BlockingCollection`1",
        "System.Collections.Concurrent.IProducerConsumerCollection`1",
        "System.Collections.ArrayList",
        "System.Collections.Hashtable",
        "System.Collections.Queue",
        "System.Collections.Stack",
        "System.Collections.SortedList",
        "System.Collections.BitArray",
        "System.Collections.IList",
        "System.Collections.IDictionary",
        "System.Collections.Specialized.NameValueCollection",
        "System.Collections.Specialized.OrderedDictionary",
        "System.Collections.Specialized.StringCollection",
        "System.Collections.Specialized.StringDictionary",
    ];

    private readonly ImmutableHashSet<INamedTypeSymbol> _types;

    private MutableCollectionTypes(ImmutableHashSet<INamedTypeSymbol> types) => _types = types;

    public static MutableCollectionTypes From(Compilation compilation)
    {
        var types = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in MetadataNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                types.Add(type);
            }
        }

        return new MutableCollectionTypes(types.ToImmutable());
    }

    /// <summary>
    /// The mutable collection <paramref name="type"/> is or holds (in an element or type argument, at any depth:
    /// <c>IReadOnlyList&lt;int[]&gt;</c> holds <c>int[]</c>), or null when it holds none.
    /// </summary>
    public ITypeSymbol? FindMutable(ITypeSymbol type) => Find(type, 0);

    private ITypeSymbol? Find(ITypeSymbol type, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (type)
        {
            case IArrayTypeSymbol:
                return type;
            case INamedTypeSymbol named:
                if (IsMutable(named))
                {
                    return type;
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (Find(argument, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>One of the listed types, or a class derived from one (a <c>List&lt;T&gt;</c> subclass is as mutable).</summary>
    private bool IsMutable(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (_types.Contains(current.OriginalDefinition))
            {
                return true;
            }

            if (current.TypeKind != TypeKind.Class)
            {
                return false;
            }
        }

        return false;
    }
}
