using System.Numerics;

namespace Whizbang.Dispatch;

/// <summary>
/// Finds a message's route by its runtime type: open addressing keyed by the type handle, so a lookup is a
/// multiply, a shift and usually one comparison, with no virtual calls (unlike <c>Dictionary&lt;Type, T&gt;</c>).
/// </summary>
internal sealed class RouteTable
{
    private readonly Type?[] _keys;
    private readonly MessageRoute[] _routes;
    private readonly int _shift;

    public RouteTable(IReadOnlyList<MessageRoute> routes)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, routes.Count * 2));
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _keys = new Type?[capacity];
        _routes = new MessageRoute[capacity];
        foreach (var route in routes)
        {
            var slot = Slot(route.MessageType);
            while (_keys[slot] is not null)
            {
                if (_keys[slot] == route.MessageType)
                {
                    throw new InvalidOperationException($"Two routes were generated for message type '{route.MessageType.FullName}'.");
                }

                slot = (slot + 1) & (capacity - 1);
            }

            _keys[slot] = route.MessageType;
            _routes[slot] = route;
        }

        Routes = routes;
    }

    public IReadOnlyList<MessageRoute> Routes { get; }

    public MessageRoute? Find(Type messageType)
    {
        var keys = _keys;
        var slot = Slot(messageType);
        while (true)
        {
            var key = keys[slot];
            if (ReferenceEquals(key, messageType))
            {
                return _routes[slot];
            }

            if (key is null)
            {
                return null;
            }

            slot = (slot + 1) & (keys.Length - 1);
        }
    }

    // Fibonacci hashing of the type handle: method-table pointers are aligned, so their low bits carry nothing.
    private int Slot(Type type) => (int)(((ulong)type.TypeHandle.Value * 0x9E3779B97F4A7C15UL) >> _shift);
}
