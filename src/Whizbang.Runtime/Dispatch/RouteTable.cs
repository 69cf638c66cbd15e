using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Whizbang.Dispatch;

/// <summary>
/// Finds a message's route by its runtime type: open addressing keyed by the type handle (see <see cref="TypeKey"/>), so a lookup is a
/// multiply, a shift and usually one comparison, with no virtual calls (unlike <c>Dictionary&lt;Type, T&gt;</c>).
/// A struct, so that the dispatcher holds the entries itself: one dependent load less on every dispatch.
/// </summary>
internal readonly struct RouteTable
{
    private readonly Entry[] _entries;
    private readonly int _shift;

    public RouteTable(IReadOnlyList<MessageRoute> routes)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, routes.Count * 2));
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _entries = new Entry[capacity];
        foreach (var route in routes)
        {
            var key = TypeKey.Of(route.MessageType);
            var slot = Slot(key);
            while (_entries[slot].Key != 0)
            {
                if (_entries[slot].Key == key)
                {
                    throw new InvalidOperationException($"Two routes were generated for message type '{route.MessageType.FullName}'.");
                }

                slot = (slot + 1) & (capacity - 1);
            }

            _entries[slot] = new Entry(key, route);
        }

        Routes = routes;
    }

    public IReadOnlyList<MessageRoute> Routes { get; }

    /// <summary>The route of <paramref name="message"/>'s runtime type, or null.</summary>
    public MessageRoute? Find(object message) => Find(TypeKey.Of(message));

    /// <summary>The route of the type with handle <paramref name="typeKey"/>, or null.</summary>
    public MessageRoute? Find(nint typeKey)
    {
        var entries = _entries;
        var slot = Slot(typeKey);
        while (true)
        {
            // Slot always masks into the table (its length is a power of two), so no bounds check is needed.
            ref readonly var entry = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), slot);
            if (entry.Key == typeKey)
            {
                return entry.Route;
            }

            if (entry.Key == 0)
            {
                return null;
            }

            slot = (slot + 1) & (entries.Length - 1);
        }
    }

    // Fibonacci hashing of the type handle: method-table pointers are aligned, so their low bits carry nothing.
    private int Slot(nint typeKey) => (int)(((ulong)typeKey * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>Key and route side by side: one bounds check and one cache line per probe.</summary>
    private readonly struct Entry(nint key, MessageRoute route)
    {
        public readonly nint Key = key;
        public readonly MessageRoute Route = route;
    }
}
