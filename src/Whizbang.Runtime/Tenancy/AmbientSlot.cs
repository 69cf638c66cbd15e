namespace Whizbang.Tenancy;

/// <summary>
/// The innermost of nested scopes on an async flow (<see cref="TenantScope"/>, <see cref="CrossTenantAccess"/>): a
/// scope enters on creation and, when disposed, puts back the one it found, unless an inner scope is still open.
/// </summary>
internal sealed class AmbientSlot<T> where T : class
{
    private readonly AsyncLocal<T?> _current = new();

    public T? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    /// <summary>Makes <paramref name="scope"/> current; returns the one it replaces, for <see cref="Leave"/>.</summary>
    public T? Enter(T scope)
    {
        var previous = _current.Value;
        _current.Value = scope;
        return previous;
    }

    public void Leave(T scope, T? previous)
    {
        if (ReferenceEquals(_current.Value, scope))
        {
            _current.Value = previous;
        }
    }
}
